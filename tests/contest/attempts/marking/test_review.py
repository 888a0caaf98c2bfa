"""The review policy: what a candidate sees of a final attempt, its score and each question."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.attempts.marking import review
from contest.core.extensions import db
from questions.models import Question
from tests.contest.attempts.taking import begin, finished, key
from tests.factories.rounds import gen_open_round, gen_participation


def test_result_before_the_end_is_refused(app, now, candidate):
    round_ = gen_open_round(questions=1)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())

    with pytest.raises(review.AttemptInProgress):
        review.attempt_review(attempt.id, candidate, now())


def test_review_policy_score_only_never_shows_the_answers(app, now, candidate):
    attempt = finished(candidate, now, review_policy="score_only")
    now(now() + timedelta(days=30))

    result = review.attempt_review(attempt.id, candidate, now())

    assert result.score_visible
    assert (result.review, result.review_after_close) == (None, False)


def test_review_after_close_waits_for_the_round_to_close(app, now, candidate):
    attempt = finished(candidate, now, review_policy="after_close")

    before = review.attempt_review(attempt.id, candidate, now())
    assert (before.review, before.review_after_close) == (None, True)

    now(attempt.round.closes_at)
    after = review.attempt_review(attempt.id, candidate, now())

    first, second = after.review
    question = db.session.get(Question, first.question_id)
    assert (first.is_correct, first.chosen, first.correct) == (
        True,
        key(first.question_id),
        key(first.question_id),
    )
    assert (second.is_correct, second.chosen) == (False, [])
    assert first.explanation == question.current.explanation
    assert first.legal_basis.startswith("Điều ")
    assert [o.id for o in first.options] == attempt.questions[0].option_order
