"""Fixtures of the rounds tests: question banks for rounds to draw from."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.factories.questions import gen_question


@pytest.fixture
def bank(app):
    """Three easy and one hard active question on "Hiến pháp", one retired easy one."""
    questions = [gen_question("Hiến pháp", "easy") for _ in range(3)]
    questions.append(gen_question("Hiến pháp", "hard"))
    gen_question("Hiến pháp", "easy", active=False)
    db.session.commit()
    return questions


@pytest.fixture
def two_topics(app):
    """Three easy questions on "Hiến pháp", then a hard one on "Giao thông"."""
    questions = [gen_question("Hiến pháp") for _ in range(3)]
    questions.append(gen_question("Giao thông", "hard"))
    db.session.commit()
    return questions
