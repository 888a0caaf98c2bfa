"""Fixtures of the contest tests: the demonstration contest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.rounds.models import Contest


@pytest.fixture
def demo(runner, now):
    """The contest `flask seed-demo` builds, with its bank and rounds."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Contest).where(Contest.slug == "tim-hieu-phap-luat-2026"))
