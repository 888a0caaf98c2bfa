"""Fixtures of the attempts tests: an attempt in progress."""

from __future__ import annotations

import pytest

from contest.attempts.start import start_attempt
from contest.core.extensions import db
from tests.contest.attempts.taking import CLIENT
from tests.factories.rounds import gen_open_round, gen_participation


@pytest.fixture
def attempt(app, now, make_user):
    """A candidate's attempt in progress: three questions, ten minutes."""
    user = make_user()
    round_ = gen_open_round(questions=3, time_limit_seconds=600)
    gen_participation(round_.contest, user)
    db.session.commit()
    started, _ = start_attempt(round_.id, user, CLIENT, now())
    db.session.commit()
    return started
