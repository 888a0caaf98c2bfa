"""Practice sessions: the draw, one answer per question with its feedback, spaced repetition."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest.accounts.models import User
from contest.attempts.models import Answer, Attempt
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.practice import sessions as sessions_module
from contest.practice.models import PracticeCard
from contest.practice.sessions import (
    AlreadyAnswered,
    InvalidChoice,
    answer,
    next_item,
    start_session,
)
from contest.rounds.models import RoundQuestion
from tests.contest.attempts.races import concurrently, postgres_only
from tests.contest.practice.bank import practice_bank, right, wrong
from tests.factories.rounds import gen_open_round


def test_a_session_draws_the_count_asked_from_the_chosen_topics(app, now, candidate, bank):
    other = practice_bank("Hôn nhân và gia đình", 3)

    session = start_session(candidate, [bank[0].topic_id], 3, now())

    assert len(session.items) == 3
    assert {i.question_id for i in session.items} <= {q.id for q in bank}
    assert not {i.question_id for i in session.items} & {q.id for q in other}
    assert [i.position for i in session.items] == [1, 2, 3]


def test_a_session_holds_fewer_questions_when_the_topics_have_fewer(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 20, now())

    assert len(session.items) == len(bank)


def test_a_session_needs_a_topic_with_practice_questions_and_a_sane_count(
    app, now, candidate, bank
):
    unmarked = practice_bank("Căn cước", 2, marked=False)

    with pytest.raises(InvalidInput) as no_topic:
        start_session(candidate, [], 5, now())
    with pytest.raises(InvalidInput) as closed_topic:
        start_session(candidate, [unmarked[0].topic_id], 5, now())
    with pytest.raises(InvalidInput) as too_many:
        start_session(candidate, [bank[0].topic_id], 51, now())

    assert "topics" in no_topic.value.details["fields"]
    assert "topics" in closed_topic.value.details["fields"]
    assert "count" in too_many.value.details["fields"]


def test_a_session_keeps_the_version_and_option_order_shown(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 4, now())

    for item in session.items:
        assert item.version_id == item.version.id
        assert sorted(item.option_order) == sorted(o.id for o in item.version.options)


def test_a_right_answer_is_confirmed_with_the_key_and_the_explanation(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 1, now())
    item = session.items[0]

    feedback = answer(session.id, candidate, item.question_id, right(item), now())

    assert feedback.is_correct
    assert feedback.correct == right(item) == feedback.chosen
    assert feedback.explanation == item.version.explanation
    assert feedback.legal_basis.endswith("Hiến pháp năm 2013")
    assert [o.id for o in feedback.options] == item.option_order
    assert feedback.due_at == now() + timedelta(days=1)


def test_a_wrong_answer_shows_the_correct_option(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 1, now())
    item = session.items[0]

    feedback = answer(session.id, candidate, item.question_id, wrong(item), now())

    assert not feedback.is_correct
    assert feedback.chosen == wrong(item)
    assert [o.id for o in feedback.options if o.correct] == right(item)
    assert feedback.due_at == now() + timedelta(minutes=10)


def test_a_question_is_answered_once(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 1, now())
    item = session.items[0]
    answer(session.id, candidate, item.question_id, wrong(item), now())

    with pytest.raises(AlreadyAnswered):
        answer(session.id, candidate, item.question_id, right(item), now())

    card = db.session.get(PracticeCard, (candidate.id, item.question_id))
    assert (card.box, card.misses) == (1, 1)


def test_an_answer_must_choose_options_of_the_question(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 2, now())
    first, second = session.items

    with pytest.raises(InvalidInput):
        answer(session.id, candidate, first.question_id, [], now())
    with pytest.raises(InvalidChoice):
        answer(session.id, candidate, first.question_id, right(second), now())
    with pytest.raises(InvalidChoice):
        answer(session.id, candidate, first.question_id, first.option_order[:2], now())


def test_a_multiple_choice_question_needs_every_right_option(app, now, candidate):
    (question,) = practice_bank("Lao động", 1, qtype="multiple", correct=(0, 2))
    session = start_session(candidate, [question.topic_id], 1, now())
    item = session.items[0]

    partly = answer(session.id, candidate, item.question_id, right(item)[:1], now())

    assert not partly.is_correct
    assert partly.correct == right(item)


def test_a_true_false_question_is_checked(app, now, candidate):
    (question,) = practice_bank("Lao động", 1, qtype="true_false", correct=(1,))
    session = start_session(candidate, [question.topic_id], 1, now())
    item = session.items[0]

    assert answer(session.id, candidate, item.question_id, right(item), now()).is_correct


def test_the_session_is_finished_with_its_last_answer(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 2, now())
    for item in session.items:
        assert session.finished_at is None
        answer(session.id, candidate, item.question_id, right(item), now())

    assert next_item(session) is None
    assert session.finished_at == now()
    assert (session.answered_count, session.correct_count) == (2, 2)


def test_a_missed_question_comes_back_once_due_before_new_ones(app, now, candidate):
    bank = practice_bank("Lao động", 6)
    first = start_session(candidate, [bank[0].topic_id], 2, now())
    missed, known = first.items
    answer(first.id, candidate, missed.question_id, wrong(missed), now())
    answer(first.id, candidate, known.question_id, right(known), now())

    now(now() + timedelta(minutes=5))
    too_soon = start_session(candidate, [bank[0].topic_id], 2, now())
    now(now() + timedelta(minutes=10))
    due = start_session(candidate, [bank[0].topic_id], 2, now())

    assert missed.question_id not in {i.question_id for i in too_soon.items}
    assert due.items[0].question_id == missed.question_id
    assert known.question_id not in {i.question_id for i in due.items}


def test_a_question_answered_right_comes_back_after_its_interval(app, now, candidate):
    bank = practice_bank("Lao động", 1)
    first = start_session(candidate, [bank[0].topic_id], 1, now())
    answer(first.id, candidate, first.items[0].question_id, right(first.items[0]), now())

    now(now() + timedelta(days=1))
    again = start_session(candidate, [bank[0].topic_id], 1, now())

    assert again.items[0].question_id == bank[0].id


def test_when_nothing_is_due_or_new_the_soonest_cards_fill_the_session(app, now, candidate):
    bank = practice_bank("Lao động", 2)
    first = start_session(candidate, [bank[0].topic_id], 2, now())
    for item in first.items:
        answer(first.id, candidate, item.question_id, right(item), now())

    second = start_session(candidate, [bank[0].topic_id], 2, now())

    assert len(second.items) == 2


def test_practice_is_refused_when_every_question_went_into_a_round(app, now, candidate, bank):
    upcoming = gen_open_round(
        questions=0, opens_at=now() + timedelta(days=1), closes_at=now() + timedelta(days=2)
    )
    upcoming.fixed_questions = [
        RoundQuestion(question_id=q.id, position=n) for n, q in enumerate(bank, 1)
    ]
    db.session.flush()

    with pytest.raises(InvalidInput) as refused:
        start_session(candidate, [bank[0].topic_id], 2, now())

    assert "không có câu hỏi luyện tập" in refused.value.details["fields"]["topics"]


def test_practice_writes_no_attempt_and_no_answer(app, now, candidate, bank):
    session = start_session(candidate, [bank[0].topic_id], 4, now())
    for item in session.items:
        answer(session.id, candidate, item.question_id, right(item), now())

    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


@pytest.mark.postgres_only
@postgres_only
def test_two_simultaneous_answers_to_one_question_record_one(
    app, now, candidate, bank, monkeypatch
):
    session = start_session(candidate, [bank[0].topic_id], 1, now())
    item = session.items[0]
    session_id, question_id, user_id = session.id, item.question_id, candidate.id
    choices = [right(item), wrong(item)]
    db.session.commit()
    both_checked = threading.Barrier(2, timeout=10)
    checked = sessions_module._valid_choice

    def racing_check(*args):
        both_checked.wait()  # both taps saw the question unanswered: now both record
        return checked(*args)

    monkeypatch.setattr(sessions_module, "_valid_choice", racing_check)

    def tap(choice):
        def call():
            try:
                feedback = answer(
                    session_id, db.session.get(User, user_id), question_id, choice, now()
                )
            except AlreadyAnswered:
                db.session.rollback()
                return "refused"
            db.session.commit()
            return feedback.is_correct

        return call

    results = concurrently(app, [tap(c) for c in choices])

    assert sorted(map(str, results)) in (["False", "refused"], ["True", "refused"])
    card = db.session.get(PracticeCard, (user_id, question_id))
    db.session.refresh(card)
    assert card.box == (2 if True in results else 1)
