"""Fixtures of the practice tests: a practice bank."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.contest.practice.bank import practice_bank


@pytest.fixture
def bank(app, now):
    """Four questions of the topic "Lao động", open to practice and in no round."""
    questions = practice_bank("Lao động", 4)
    db.session.commit()
    return questions
