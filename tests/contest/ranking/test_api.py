"""Rankings API: leaderboard shape and masking, paging, visibility, freeze, own rank, contest
board, and the public feed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshotState
from contest.rounds.models import Visibility
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, gen_contest, gen_group, gen_participation, gen_round
from tests.factories.scenes import gen_scored_board


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    return gen_scored_board(make_user)


def test_public_leaderboard_masks_names_and_ranks_ties_equal(client, board):
    round_, *_ = board

    body = client.get(f"/api/v1/rounds/{round_.id}/leaderboard").get_json()

    assert body["round_id"] == round_.id
    assert body["frozen"] is False
    assert body["generated_at"]
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 50)
    assert [(i["rank"], i["candidate"]["display_name"], i["tied"]) for i in body["items"]] == [
        (1, "T.T.B — Xã Bình An", False),
        (2, "N.V.A — Xã Bình An", True),
        (2, "L.C", True),
    ]
    first = body["items"][0]
    assert set(first) == {
        "rank",
        "tied",
        "candidate",
        "score",
        "duration_ms",
        "prediction",
        "prediction_error",
        "submitted_at",
    }
    assert first["candidate"] == {
        "display_name": "T.T.B — Xã Bình An",
        "unit": None,
        "locality": "Xã Bình An",
    }
    assert first["submitted_at"].startswith("2026-11-20T03:00:00")


def test_a_board_rebuilt_for_a_read_is_kept(client, board):
    round_, *_ = board
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)) is None

    client.get(f"/api/v1/rounds/{round_.id}/leaderboard")

    db.session.expire_all()
    state = db.session.get(RankSnapshotState, (round_.id, Board.LIVE))
    assert (state.row_count, state.final) == (3, True)


def test_leaderboard_is_paged(client, board):
    round_, *_ = board

    body = client.get(f"/api/v1/rounds/{round_.id}/leaderboard?page=2&per_page=2").get_json()

    assert [i["rank"] for i in body["items"]] == [2]
    assert body["total"] == 3
    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard?per_page=500").status_code == 400


def test_judge_sees_full_identity(client, auth, board, make_user):
    round_, an, *_ = board
    auth.login(make_user("judge"))

    items = client.get(f"/api/v1/rounds/{round_.id}/leaderboard").get_json()["items"]

    me = next(i for i in items if i["candidate"]["user_id"] == an.id)
    assert me["candidate"]["full_name"] == "Nguyễn Văn An"
    assert me["candidate"]["id_number"] == an.id_number
    assert me["candidate"]["phone"] == an.phone
    assert me["attempt_id"]


def test_candidate_sees_own_row_unmasked_and_own_rank(client, auth, board):
    round_, an, *_ = board
    auth.login(an)

    body = client.get(f"/api/v1/rounds/{round_.id}/leaderboard/me").get_json()
    items = client.get(f"/api/v1/rounds/{round_.id}/leaderboard").get_json()["items"]

    assert body["rank"] == 2
    assert body["item"]["candidate"]["display_name"] == "Nguyễn Văn An"
    assert body["item"]["is_me"] is True
    assert [i["candidate"]["display_name"] for i in items if i.get("is_me")] == ["Nguyễn Văn An"]
    assert "id_number" not in body["item"]["candidate"]


def test_own_rank_needs_sign_in(client, board):
    round_, *_ = board
    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard/me").status_code == 401


def test_candidates_only_board_needs_sign_in(client, auth, board):
    round_, an, *_ = board
    round_.leaderboard_visibility = Visibility.CANDIDATES
    db.session.commit()

    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard").status_code == 401
    auth.login(an)
    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard").status_code == 200


def test_judges_only_board_is_hidden_from_candidates(client, auth, board, make_user):
    round_, an, *_ = board
    round_.leaderboard_visibility = Visibility.JUDGES
    db.session.commit()
    auth.login(an)

    refused = client.get(f"/api/v1/rounds/{round_.id}/leaderboard")
    own = client.get(f"/api/v1/rounds/{round_.id}/leaderboard/me")

    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "leaderboard_hidden"
    assert own.status_code == 403
    auth.logout()
    auth.login(make_user("organizer"))
    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard").status_code == 200


def test_frozen_board_for_the_public_live_board_for_judges(client, auth, now, board, make_user):
    round_, *_ = board
    round_.leaderboard_freeze_hours = 2
    late = gen_candidate("Muộn Màng")
    gen_attempt(round_, late, score=10, submitted_at=CLOSES - timedelta(minutes=30))
    db.session.commit()
    now(CLOSES - timedelta(minutes=10))

    public = client.get(f"/api/v1/rounds/{round_.id}/leaderboard").get_json()
    auth.login(make_user("judge"))
    judged = client.get(f"/api/v1/rounds/{round_.id}/leaderboard").get_json()

    assert public["frozen"] is True
    assert public["total"] == 3
    assert judged["frozen"] is False
    assert judged["items"][0]["candidate"]["full_name"] == "Muộn Màng"


def test_draft_contest_round_is_not_found_for_the_public(client, board):
    round_, *_ = board
    round_.contest.status = "draft"
    db.session.commit()
    assert client.get(f"/api/v1/rounds/{round_.id}/leaderboard").status_code == 404


def test_contest_leaderboard_across_rounds_and_per_group(client, app, now):
    contest = gen_contest()
    week1, week2 = gen_round(contest), gen_round(contest)
    pupils = gen_group(contest, "Học sinh")
    a, b = gen_candidate("An"), gen_candidate("Bình")
    gen_participation(contest, a, pupils)
    gen_participation(contest, b)
    gen_attempt(week1, a, score=6)
    gen_attempt(week2, a, score=6)
    gen_attempt(week1, b, score=10)
    db.session.commit()

    overall = client.get(f"/api/v1/contests/{contest.id}/leaderboard").get_json()
    group = client.get(f"/api/v1/contests/{contest.id}/leaderboard?group={pupils.id}").get_json()

    assert [
        (i["candidate"]["display_name"], i["score"], i["rounds"]) for i in overall["items"]
    ] == [("A", 12, 2), ("B", 10, 1)]
    assert [i["rank"] for i in group["items"]] == [1]
    assert group["total"] == 1
    assert client.get(f"/api/v1/contests/{contest.id}/leaderboard?group=999").status_code == 400


def test_public_feed_allows_any_origin_and_masks(client, board, now):
    round_, *_ = board

    response = client.get(f"/api/v1/public/contests/{round_.contest.slug}/feed?limit=2")
    body = response.get_json()

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert body["round"]["id"] == round_.id
    assert body["round"]["state"] == "closed"
    assert body["leaderboard_visible"] is True
    assert [i["candidate"]["display_name"] for i in body["items"]] == [
        "T.T.B — Xã Bình An",
        "N.V.A — Xã Bình An",
    ]


def test_cors_header_is_on_the_feed_only(client, board):
    round_, *_ = board
    assert (
        "Access-Control-Allow-Origin"
        not in client.get(f"/api/v1/rounds/{round_.id}/leaderboard").headers
    )


def test_feed_hides_a_judges_only_board(client, board):
    round_, *_ = board
    round_.leaderboard_visibility = Visibility.JUDGES
    db.session.commit()

    body = client.get(f"/api/v1/public/contests/{round_.contest.slug}/feed").get_json()

    assert body["leaderboard_visible"] is False
    assert body["items"] == []
    assert client.get("/api/v1/public/contests/khong-co/feed").status_code == 404
