"""A candidate's own attempts: anyone else's is not found; reading one brings it up to date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.attempts import submission
from contest.attempts.models import AttemptStatus
from contest.attempts.own_attempts import get_own_attempt, load_own_attempt, user_attempts
from contest.core.errors import NotFound
from contest.core.extensions import db
from tests.contest.attempts.taking import begin, owner
from tests.factories.rounds import gen_open_round, gen_participation

GRACE = timedelta(seconds=2)


def test_another_candidates_attempt_is_not_found(attempt, now, make_user):
    intruder = make_user()

    with pytest.raises(NotFound):
        get_own_attempt(attempt.id, intruder)
    with pytest.raises(NotFound):
        load_own_attempt(attempt.id, intruder, now())


def test_loading_an_attempt_whose_time_is_up_scores_and_closes_it_first(attempt, now):
    now(attempt.deadline + GRACE + timedelta(milliseconds=1))

    loaded = load_own_attempt(attempt.id, owner(attempt), now())

    assert (loaded.id, loaded.status, loaded.score) == (attempt.id, AttemptStatus.EXPIRED, 0.0)


def test_loading_an_attempt_within_its_time_leaves_it_in_progress(attempt, now):
    now(attempt.deadline + GRACE)

    loaded = load_own_attempt(attempt.id, owner(attempt), now())

    assert (loaded.status, loaded.score) == (AttemptStatus.IN_PROGRESS, None)


def test_history_lists_every_attempt_and_expires_those_out_of_time(app, now, candidate):
    round_ = gen_open_round(questions=1, max_attempts=2)
    gen_participation(round_.contest, candidate)
    first = begin(round_, candidate, now())
    submission.submit_attempt(first.id, candidate, None, now())
    db.session.commit()
    second = begin(round_, candidate, now())

    now(now() + timedelta(hours=1))
    history = user_attempts(candidate, now())

    assert [(a.id, a.status) for a in history] == [
        (second.id, AttemptStatus.EXPIRED),
        (first.id, AttemptStatus.SUBMITTED),
    ]
