"""Fixtures of the certificate tests: a candidate who finished a round that issues certificates."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.contest.certificates.builders import finished, issuing_round


@pytest.fixture
def holder(app, now, make_user):
    """Nguyễn Thị Ánh, who scored 8,5/10 in a published round issuing participation certificates."""
    round_ = issuing_round()
    user = make_user(full_name="Nguyễn Thị Ánh")
    finished(round_, user)
    db.session.commit()
    return user, round_
