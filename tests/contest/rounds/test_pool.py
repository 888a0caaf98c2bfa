"""The pool a round draws from: its blueprint (or fixed list) over the active questions."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from contest.core.extensions import db
from contest.rounds import rounds
from contest.rounds.models import BlueprintItem, Contest, Round, RoundQuestion
from contest.rounds.pool import pool_shortfalls, round_pool
from questions.draw import cell_key, draw_questions
from questions.models import Difficulty, QuestionType
from questions.services import OptionInput, QuestionInput, create_question

OPENS = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def add_question(topic: str, difficulty: str = "easy", *, active: bool = True):
    n = next(_numbers)
    question = create_question(
        QuestionInput(
            text=f"Câu hỏi số {n} về {topic}?",
            qtype=QuestionType.SINGLE,
            options=[OptionInput("Đúng", True), OptionInput(f"Sai {n}", False)],
            topic=topic,
            difficulty=Difficulty(difficulty),
        )
    )
    question.active = active
    return question


def make_contest() -> Contest:
    contest = Contest(slug=f"cuoc-thi-{next(_numbers)}", title="Cuộc thi")
    db.session.add(contest)
    db.session.flush()
    return contest


def make_round(**fields) -> Round:
    values = {
        "name": "Tuần 1",
        "opens_at": OPENS,
        "closes_at": OPENS + timedelta(days=7),
        "time_limit_seconds": 1200,
    }
    round_ = Round(contest=make_contest(), **{**values, **fields})
    db.session.add(round_)
    db.session.flush()
    return round_


def round_body(**fields) -> dict:
    """A valid request for a round drawing 2 easy questions of "Hiến pháp"."""
    body = {
        "name": "Tuần thi thứ nhất",
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-07T23:59",
        "time_limit_seconds": 1200,
        "blueprint": [{"topic": "Hiến pháp", "difficulty": "easy", "count": 2}],
    }
    return {**body, **fields}


@pytest.fixture
def bank(app):
    """Three easy and one hard active question on "Hiến pháp", one retired easy one."""
    questions = [add_question("Hiến pháp", "easy") for _ in range(3)]
    questions.append(add_question("Hiến pháp", "hard"))
    add_question("Hiến pháp", "easy", active=False)
    db.session.commit()
    return questions


def test_round_pool_has_one_cell_per_blueprint_item_with_active_ids_in_order(app):
    easy = [add_question("Hiến pháp", "easy") for _ in range(3)]
    hard = add_question("Hiến pháp", "hard")
    add_question("Hiến pháp", "easy", active=False)
    other = add_question("Luật Đất đai", "medium")
    round_ = make_round()
    round_.blueprint = [
        BlueprintItem(topic_id=easy[0].topic_id, difficulty=Difficulty.EASY, count=2),
        BlueprintItem(topic_id=other.topic_id, difficulty=None, count=1),
    ]
    db.session.flush()

    cells = round_pool(round_)

    assert [(c.key, list(c.pool), c.count) for c in cells] == [
        (cell_key(easy[0].topic_id, "easy"), [q.id for q in easy], 2),
        (cell_key(other.topic_id, None), [other.id], 1),
    ]
    assert hard.id not in cells[0].pool


def test_round_pool_any_difficulty_cell_takes_every_active_question_of_the_topic(app):
    questions = [add_question("Hiến pháp", d) for d in ("easy", "medium", "hard")]
    round_ = make_round()
    round_.blueprint = [BlueprintItem(topic_id=questions[0].topic_id, count=3)]
    db.session.flush()

    (cell,) = round_pool(round_)

    assert cell.key == f"{questions[0].topic_id}:*"
    assert list(cell.pool) == sorted(q.id for q in questions)


def test_round_pool_of_fixed_list_is_one_cell_in_list_order_without_retired_questions(app):
    first, second, retired = (add_question("Hiến pháp") for _ in range(3))
    retired.active = False
    round_ = make_round()
    round_.fixed_questions = [
        RoundQuestion(question_id=second.id, position=0),
        RoundQuestion(question_id=first.id, position=1),
        RoundQuestion(question_id=retired.id, position=2),
    ]
    db.session.flush()

    (cell,) = round_pool(round_)

    assert (cell.key, list(cell.pool), cell.count) == ("fixed", [second.id, first.id], 3)


def test_round_pool_feeds_the_draw(app):
    questions = [add_question("Hiến pháp", "easy") for _ in range(5)]
    round_ = make_round()
    topic_id = questions[0].topic_id
    round_.blueprint = [BlueprintItem(topic_id=topic_id, difficulty=Difficulty.EASY, count=4)]
    db.session.flush()

    drawn = draw_questions(42, round_pool(round_))

    assert len(drawn) == 4
    assert set(drawn) <= {q.id for q in questions}


def test_round_pool_of_round_without_questions_is_empty(app):
    assert round_pool(make_round()) == []


def test_pool_shortfalls_report_cells_whose_questions_were_retired_since(bank):
    round_ = rounds.create_round(make_contest(), round_body())
    for question in bank[:2]:
        question.active = False
    db.session.flush()

    (shortfall,) = pool_shortfalls(round_)

    assert (shortfall["requested"], shortfall["available"]) == (2, 1)
