"""Fixtures of the contest tests: a candidate and a client signed in as them, the demonstration
contest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.rounds.models import Contest


@pytest.fixture
def candidate(make_user):
    return make_user()


@pytest.fixture
def signed_in(client, auth, candidate):
    """The test client, signed in as the candidate."""
    auth.login(candidate)
    return client


@pytest.fixture
def demo(runner, now):
    """The contest `flask seed-demo` builds, with its bank and rounds."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Contest).where(Contest.slug == "tim-hieu-phap-luat-2026"))
