"""Prizes API: proposal, exclusion and two judges' approvals; roles; tier validation."""

from __future__ import annotations

import pytest

from tests.factories.scenes import gen_scored_board


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    return gen_scored_board(make_user)


def test_prize_flow_two_judges_then_locked(client, auth, board, make_user):
    round_, an, binh, _ = board
    first, second = make_user("judge"), make_user("judge")
    auth.login(first)

    proposed = client.post(
        f"/api/v1/rounds/{round_.id}/prizes",
        json={"tiers": [{"name": "Giải nhất", "count": 1}, {"name": "Giải nhì", "count": 1}]},
    )
    assert proposed.status_code == 200
    assert proposed.get_json()["boundary_ties"] == 2  # An (second prize) ties Cường (outside)
    result_id = proposed.get_json()["id"]
    assert client.post(f"/api/v1/prize-results/{result_id}/approvals").get_json()["error"][
        "code"
    ] == ("unresolved_ties")

    excluded = client.post(
        f"/api/v1/prize-results/{result_id}/exclusions",
        json={"user_id": an.id, "reason": "Trùng số điện thoại với tài khoản khác"},
    )
    assert excluded.status_code == 201
    assert excluded.get_json()["boundary_ties"] == 0
    assert client.post(f"/api/v1/prize-results/{result_id}/approvals").status_code == 200
    again = client.post(f"/api/v1/prize-results/{result_id}/approvals")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_approved"

    auth.logout()
    auth.login(second)
    locked = client.post(f"/api/v1/prize-results/{result_id}/approvals").get_json()

    assert locked["status"] == "locked"
    assert len(locked["sha256"]) == 64
    assert [a["full_name"] for a in locked["awards"]] == ["Trần Thị Bình", "Lê Cường"]
    refused = client.post(f"/api/v1/prize-results/{result_id}/propose")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "result_locked"


def test_organizer_cannot_approve_or_exclude(client, auth, board, make_user):
    round_, an, *_ = board
    auth.login(make_user("organizer"))
    result_id = client.post(
        f"/api/v1/rounds/{round_.id}/prizes", json={"tiers": [{"name": "Giải nhất", "count": 1}]}
    ).get_json()["id"]

    assert client.post(f"/api/v1/prize-results/{result_id}/approvals").status_code == 403
    assert (
        client.post(
            f"/api/v1/prize-results/{result_id}/exclusions",
            json={"user_id": an.id, "reason": "Lý do đủ dài ở đây"},
        ).status_code
        == 403
    )


def test_prize_tiers_are_validated(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    bad = client.post(
        f"/api/v1/rounds/{round_.id}/prizes", json={"tiers": [{"name": "", "count": 1}]}
    )

    assert bad.status_code == 400
    assert "tiers[0].name" in bad.get_json()["error"]["details"]["fields"]
