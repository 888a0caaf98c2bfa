"""Which questions practice serves: marked ones, active, never one in an open or upcoming round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.practice.eligibility import (
    blocked_question_ids,
    candidate_topics,
    mark,
    marked_ids,
    servable_ids,
    topic_questions,
    topic_summaries,
)
from contest.rounds.models import BlueprintItem, RoundQuestion
from questions.services import set_active
from tests.contest.practice.bank import practice_bank
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_open_round


def test_only_marked_questions_are_served(app, now):
    marked = practice_bank("Lao động", 2)
    unmarked = practice_bank("Lao động", 2, marked=False)

    served = servable_ids([marked[0].topic_id], now())

    assert served == [q.id for q in marked]
    assert not set(served) & {q.id for q in unmarked}


def test_a_retired_question_is_not_served(app, now):
    questions = practice_bank("Lao động", 2)
    set_active(questions[0], False)

    assert servable_ids([questions[0].topic_id], now()) == [questions[1].id]


def test_a_question_in_an_open_rounds_blueprint_is_never_served(app, now):
    round_ = gen_open_round(questions=2, pool=3, topic="Hiến pháp")
    in_round = [bi.topic_id for bi in round_.blueprint]
    mark(topic_ids=in_round, eligible=True)

    assert servable_ids(in_round, now()) == []
    assert {t.name for t in candidate_topics(now())} == set()


def test_a_question_of_a_draft_round_is_never_served(app, now):
    round_ = gen_open_round(questions=2, pool=3, topic="Hiến pháp")
    round_.announced_at = None
    in_round = [bi.topic_id for bi in round_.blueprint]
    mark(topic_ids=in_round, eligible=True)

    assert servable_ids(in_round, now()) == []


def test_a_question_in_an_upcoming_rounds_fixed_list_is_never_served(app, now):
    questions = practice_bank("Lao động", 3)
    round_ = gen_open_round(
        questions=0, opens_at=now() + timedelta(days=2), closes_at=now() + timedelta(days=9)
    )
    round_.fixed_questions = [RoundQuestion(question_id=questions[0].id, position=1)]
    db.session.flush()

    assert questions[0].id in blocked_question_ids(now())
    assert servable_ids([questions[0].topic_id], now()) == [q.id for q in questions[1:]]


def test_a_question_of_a_captured_pool_is_blocked_even_after_the_blueprint_changes(app, now):
    questions = practice_bank("Lao động", 2)
    round_ = gen_open_round(questions=1, topic="Hiến pháp")
    round_.pool_snapshot = {"x": [questions[1].id]}
    db.session.flush()

    assert blocked_question_ids(now()) == {questions[1].id}


def test_questions_come_back_to_practice_once_their_round_closes(app, now):
    round_ = gen_open_round(questions=2, topic="Hiến pháp", closes_at=now() + timedelta(hours=1))
    topic_id = round_.blueprint[0].topic_id
    mark(topic_ids=[topic_id], eligible=True)
    assert servable_ids([topic_id], now()) == []

    now(now() + timedelta(hours=2))

    assert len(servable_ids([topic_id], now())) == 2


def test_a_round_drawing_any_difficulty_blocks_every_level_of_its_topic(app, now):
    round_ = gen_open_round(questions=1, topic="Hiến pháp")
    hard = gen_question("Hiến pháp", difficulty="hard")
    db.session.add(BlueprintItem(round_id=round_.id, topic_id=hard.topic_id, count=1))
    db.session.flush()

    assert hard.id in blocked_question_ids(now())


def test_marking_a_topic_marks_its_active_questions_and_is_audited(app, now, make_user):
    organizer = make_user("organizer")
    questions = practice_bank("Lao động", 3, marked=False)

    changed = mark(topic_ids=[questions[0].topic_id], eligible=True, actor=organizer)
    again = mark(topic_ids=[questions[0].topic_id], eligible=True, actor=organizer)

    assert (changed, again) == (3, 0)
    assert marked_ids(q.id for q in questions) == {q.id for q in questions}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "practice.mark"))
    assert (entry.actor_id, entry.after["count"]) == (organizer.id, 3)


def test_unmarking_questions_one_by_one(app, now):
    questions = practice_bank("Lao động", 3)

    assert mark(question_ids=[questions[0].id], eligible=False) == 1
    assert marked_ids(q.id for q in questions) == {questions[1].id, questions[2].id}


def test_marking_refuses_unknown_questions_and_an_empty_request(app):
    with pytest.raises(InvalidInput) as unknown:
        mark(question_ids=[999_999], eligible=True)
    with pytest.raises(InvalidInput) as empty:
        mark(eligible=True)

    assert "999999" in unknown.value.details["fields"]["question_ids"]
    assert "question_ids" in empty.value.details["fields"]


def test_topic_summary_counts_active_marked_and_servable_questions(app, now):
    questions = practice_bank("Lao động", 3)
    round_ = gen_open_round(
        questions=0, opens_at=now() + timedelta(days=1), closes_at=now() + timedelta(days=8)
    )
    round_.fixed_questions = [RoundQuestion(question_id=questions[0].id, position=1)]
    practice_bank("Lao động", 1, marked=False)
    db.session.flush()

    (summary,) = [t for t in topic_summaries(now()) if t.name == "Lao động"]
    _topic, listed = topic_questions(questions[0].topic_id, now())

    assert (summary.active, summary.marked, summary.servable) == (4, 3, 2)
    assert [(q.marked, q.blocked) for q in listed] == [
        (True, True),
        (True, False),
        (True, False),
        (False, False),
    ]
