"""Integrity API: a round's flags and an attempt's full record."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question
from tests.factories.scenes import gen_scored_board


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    return gen_scored_board(make_user)


def test_integrity_flags_and_attempt_record_answer(client, auth, board, make_user):
    round_, an, binh, _ = board
    for user in (an, binh):
        user.phone = None
    db.session.flush()
    an.phone, binh.phone = "0911000111", "+84911000111"
    q = gen_question()
    attempt = gen_attempt(round_, gen_candidate(), score=1)
    gen_attempt_question(attempt, q, 1)
    gen_answer(attempt, q, 0)
    db.session.commit()
    auth.login(make_user("judge"))

    flags = client.get(f"/api/v1/rounds/{round_.id}/integrity").get_json()["items"]
    record = client.get(f"/api/v1/attempts/{attempt.id}/record").get_json()

    assert [f["kind"] for f in flags] == ["shared_identity"]
    assert flags[0]["user_ids"] == sorted([an.id, binh.id])
    assert record["questions"][0]["options"][0]["chosen"] is True
    assert record["questions_match"] is None
