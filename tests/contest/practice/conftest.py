"""Fixtures of the practice tests: a candidate, a client signed in as them, a practice bank."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.contest.practice.bank import practice_bank


@pytest.fixture
def candidate(make_user):
    return make_user()


@pytest.fixture
def signed_in(client, auth, candidate):
    auth.login(candidate)
    return client


@pytest.fixture
def bank(app, now):
    """Four questions of the topic "Lao động", open to practice and in no round."""
    questions = practice_bank("Lao động", 4)
    db.session.commit()
    return questions
