"""Statistics API: item analysis and figures, regrading by role, unit rankings."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question, gen_version
from tests.factories.rounds import gen_round
from tests.factories.scenes import gen_scored_board


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    return gen_scored_board(make_user)


def test_items_and_statistics_answer(client, auth, board, make_user):
    round_, *_ = board
    q = gen_question()
    attempt = gen_attempt(round_, gen_candidate(), score=1)
    gen_attempt_question(attempt, q, 1)
    gen_answer(attempt, q, 0)
    db.session.commit()
    auth.login(make_user("judge"))

    items = client.get(f"/api/v1/rounds/{round_.id}/items").get_json()["items"]
    stats = client.get(f"/api/v1/rounds/{round_.id}/statistics").get_json()

    assert items[0]["facility"] == 1.0
    assert items[0]["option_counts"] == {"A": 1}
    assert stats["score_distribution"][0] == [1.0, 1]


def test_regrade_dry_run_for_judges_apply_for_organizers(client, auth, app, now, make_user):
    round_ = gen_round()
    q = gen_question(correct=0)
    attempt = gen_attempt(round_, gen_candidate("An"), score=0, correct_count=0)
    gen_attempt_question(attempt, q, 1)
    gen_answer(attempt, q, 1)
    gen_version(q, correct=1)
    db.session.commit()

    auth.login(make_user("judge"))
    dry = client.post(f"/api/v1/rounds/{round_.id}/regrade", json={"question_id": q.id}).get_json()
    assert dry["applied"] is False
    assert dry["changes"][0]["new_score"] == 1
    assert (
        client.post(
            f"/api/v1/rounds/{round_.id}/regrade", json={"question_id": q.id, "dry_run": False}
        ).status_code
        == 403
    )
    auth.logout()
    auth.login(make_user("organizer"))
    applied = client.post(
        f"/api/v1/rounds/{round_.id}/regrade", json={"question_id": q.id, "dry_run": False}
    )

    assert applied.get_json()["applied"] is True
    from contest.attempts.models import Attempt

    assert db.session.get(Attempt, attempt.id).score == 1


def test_units_ranking_answers(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("organizer"))

    items = client.get(f"/api/v1/rounds/{round_.id}/units?kind=locality").get_json()["items"]

    assert [(u["name"], u["participants"]) for u in items] == [("Xã Bình An", 2)]
