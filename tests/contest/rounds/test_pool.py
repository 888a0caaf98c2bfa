"""The pool a round draws from: its blueprint (or fixed list) over the active questions."""

from __future__ import annotations

from contest.core.extensions import db
from contest.rounds import rounds
from contest.rounds.models import BlueprintItem, RoundQuestion
from contest.rounds.pool import pool_shortfalls, round_pool
from questions.draw import cell_key, draw_questions
from questions.models import Difficulty
from tests.contest.rounds.bodies import round_body
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_contest, gen_upcoming_round


def test_round_pool_has_one_cell_per_blueprint_item_with_active_ids_in_order(app):
    easy = [gen_question("Hiến pháp", "easy") for _ in range(3)]
    hard = gen_question("Hiến pháp", "hard")
    gen_question("Hiến pháp", "easy", active=False)
    other = gen_question("Luật Đất đai", "medium")
    round_ = gen_upcoming_round()
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
    questions = [gen_question("Hiến pháp", d) for d in ("easy", "medium", "hard")]
    round_ = gen_upcoming_round()
    round_.blueprint = [BlueprintItem(topic_id=questions[0].topic_id, count=3)]
    db.session.flush()

    (cell,) = round_pool(round_)

    assert cell.key == f"{questions[0].topic_id}:*"
    assert list(cell.pool) == sorted(q.id for q in questions)


def test_round_pool_of_fixed_list_is_one_cell_in_list_order_without_retired_questions(app):
    first, second, retired = (gen_question("Hiến pháp") for _ in range(3))
    retired.active = False
    round_ = gen_upcoming_round()
    round_.fixed_questions = [
        RoundQuestion(question_id=second.id, position=0),
        RoundQuestion(question_id=first.id, position=1),
        RoundQuestion(question_id=retired.id, position=2),
    ]
    db.session.flush()

    (cell,) = round_pool(round_)

    assert (cell.key, list(cell.pool), cell.count) == ("fixed", [second.id, first.id], 3)


def test_round_pool_feeds_the_draw(app):
    questions = [gen_question("Hiến pháp", "easy") for _ in range(5)]
    round_ = gen_upcoming_round()
    topic_id = questions[0].topic_id
    round_.blueprint = [BlueprintItem(topic_id=topic_id, difficulty=Difficulty.EASY, count=4)]
    db.session.flush()

    drawn = draw_questions(42, round_pool(round_))

    assert len(drawn) == 4
    assert set(drawn) <= {q.id for q in questions}


def test_round_pool_of_round_without_questions_is_empty(app):
    assert round_pool(gen_upcoming_round()) == []


def test_pool_shortfalls_report_cells_whose_questions_were_retired_since(bank):
    round_ = rounds.create_round(gen_contest(), round_body())
    for question in bank[:2]:
        question.active = False
    db.session.flush()

    (shortfall,) = pool_shortfalls(round_)

    assert (shortfall["requested"], shortfall["available"]) == (2, 1)
