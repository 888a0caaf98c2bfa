"""Closing attempts: an unsubmitted attempt is scored from what was saved in time, once."""

from __future__ import annotations

from datetime import timedelta

from contest.attempts.marking import grading
from contest.attempts.models import AttemptEventKind, AttemptStatus
from contest.core.extensions import db
from questions.models import Question
from tests.contest.attempts.taking import (
    begin,
    events,
    fill_in_item,
    fill_in_round,
    save,
    type_answer,
)
from tests.factories.rounds import gen_participation

GRACE = timedelta(seconds=2)


def test_unsubmitted_attempt_is_scored_from_answers_saved_in_time(attempt, now):
    save(attempt, 0, [attempt.questions[0].option_order.index(correct_option(attempt, 0))], now())
    save(attempt, 1, [attempt.questions[1].option_order.index(correct_option(attempt, 1))], now())
    now(attempt.deadline + GRACE + timedelta(seconds=1))

    closed = grading.finalize_overdue([attempt], now())
    db.session.commit()

    assert closed == [attempt]
    assert (attempt.status, attempt.score, attempt.max_score, attempt.correct_count) == (
        AttemptStatus.EXPIRED,
        2.0,
        3.0,
        2,
    )
    assert attempt.duration_ms == 600_000
    assert attempt.submitted_at is None
    assert attempt.finalized_at == now()


def test_finalizing_twice_changes_nothing(attempt, now):
    now(attempt.deadline + timedelta(minutes=5))
    grading.finalize_overdue([attempt], now())
    db.session.commit()

    assert grading.finalize_overdue([attempt], now()) == []
    assert grading.finalize([attempt], AttemptStatus.EXPIRED, now()) == []
    assert len(events(AttemptEventKind.EXPIRE)) == 1


def correct_option(attempt, index):
    question = db.session.get(Question, attempt.questions[index].question_id)
    return next(o.id for o in question.current.options if o.is_correct)


def test_an_expired_attempt_scores_its_typed_answer_and_the_questions_own_points(
    app, now, make_user
):
    user = make_user()
    round_ = fill_in_round(points_per_question=5)
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt = begin(round_, user, now())
    type_answer(attempt, "Quoc hoi", now())  # accepted without diacritics for this question
    now(attempt.deadline + GRACE + timedelta(seconds=1))

    grading.finalize_overdue([attempt], now())
    db.session.commit()

    # The choice question is worth the round's 5 points, the fill-in question its own 2.
    assert (attempt.score, attempt.max_score, attempt.correct_count) == (2.0, 7.0, 1)


def test_item_keys_read_fill_in_versions_which_have_no_options(app, now, make_user):
    round_ = fill_in_round()
    user = make_user()
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt = begin(round_, user, now())
    item = fill_in_item(attempt)
    key = grading.item_keys([item.version_id])[item.version_id]
    assert (key.qtype, key.correct, key.accepted) == (
        "fill_in",
        frozenset(),
        ("Quốc hội", "Quốc hội Việt Nam"),
    )
    assert (key.ignore_diacritics, key.points) == (True, 2.0)
