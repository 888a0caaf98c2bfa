"""Rankings API: leaderboard shape and masking, visibility, freeze, own rank, contest board,
prizes with two judges, exports, integrity, items, regrade, jobs and the public feed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.jobs.models import ExportJob, JobStatus
from contest.ranking.models import Board, RankSnapshotState
from contest.rounds.models import Visibility
from tests.contest.results_factories import (
    CLOSES,
    OPENS,
    answer,
    gen_attempt,
    gen_candidate,
    gen_contest,
    gen_group,
    gen_org,
    gen_question,
    gen_round,
    join,
    new_version,
    show,
)

T0 = OPENS + timedelta(hours=2)


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    round_ = gen_round(prediction_question="Bao nhiêu bài?", prediction_target="attempts")
    place = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=place.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=place.id)
    cuong = gen_candidate("Lê Cường")
    gen_attempt(round_, an, score=8, duration_ms=70_000, submitted_at=T0)
    gen_attempt(round_, binh, score=9, duration_ms=90_000, submitted_at=T0)
    gen_attempt(round_, cuong, score=8, duration_ms=70_000, submitted_at=T0)
    db.session.commit()
    return round_, an, binh, cuong


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
    join(contest, a, pupils)
    join(contest, b)
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


def test_candidates_cannot_export(client, auth, board):
    round_, an, *_ = board
    auth.login(an)
    assert client.get(f"/api/v1/rounds/{round_.id}/export.csv").status_code == 403


def test_export_kind_is_checked(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))
    assert client.get(f"/api/v1/rounds/{round_.id}/export.csv?kind=secrets").status_code == 400


def test_integrity_record_items_and_statistics_answer(client, auth, board, make_user):
    round_, an, binh, _ = board
    for user in (an, binh):
        user.phone = None
    db.session.flush()
    an.phone, binh.phone = "0911000111", "+84911000111"
    q = gen_question()
    attempt = gen_attempt(round_, gen_candidate(), score=1)
    show(attempt, q, 1)
    answer(attempt, q, 0)
    db.session.commit()
    auth.login(make_user("judge"))

    flags = client.get(f"/api/v1/rounds/{round_.id}/integrity").get_json()["items"]
    record = client.get(f"/api/v1/attempts/{attempt.id}/record").get_json()
    items = client.get(f"/api/v1/rounds/{round_.id}/items").get_json()["items"]
    stats = client.get(f"/api/v1/rounds/{round_.id}/statistics").get_json()

    assert [f["kind"] for f in flags] == ["shared_identity"]
    assert flags[0]["user_ids"] == sorted([an.id, binh.id])
    assert record["questions"][0]["options"][0]["chosen"] is True
    assert record["questions_match"] is None
    assert items[0]["facility"] == 1.0
    assert items[0]["option_counts"] == {"A": 1}
    assert stats["score_distribution"][0] == [1.0, 1]


def test_regrade_dry_run_for_judges_apply_for_organizers(client, auth, app, now, make_user):
    round_ = gen_round()
    q = gen_question(correct=0)
    attempt = gen_attempt(round_, gen_candidate("An"), score=0, correct_count=0)
    show(attempt, q, 1)
    answer(attempt, q, 1)
    new_version(q, correct=1)
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


def test_export_job_is_queued_run_by_the_worker_and_downloaded(
    client, auth, board, make_user, runner, tmp_path, app
):
    from contest.jobs.cli import jobs_cli

    round_, *_ = board
    app.config["EXPORT_DIR"] = str(tmp_path)
    try:
        auth.login(make_user("judge"))
        queued = client.post(
            f"/api/v1/rounds/{round_.id}/export-jobs", json={"kind": "attempts", "format": "csv"}
        )
        job_id = queued.get_json()["id"]
        assert queued.status_code == 202
        assert queued.get_json()["status"] == "queued"
        assert client.get(f"/api/v1/export-jobs/{job_id}/download").status_code == 409

        result = runner.invoke(jobs_cli, ["run", "--once", "--no-nice"])
        assert result.exit_code == 0, result.output

        status = client.get(f"/api/v1/export-jobs/{job_id}").get_json()
        assert (status["status"], status["progress"], status["total"]) == ("done", 3, 3)
        body = client.get(f"/api/v1/export-jobs/{job_id}/download").data.decode("utf-8-sig")
        assert "Danh sách bài thi" in body
        assert body.count("Đã nộp") == 3
    finally:
        app.config.pop("EXPORT_DIR")


def test_failed_export_job_records_the_error(app, now, tmp_path):
    from contest.jobs import worker

    round_ = gen_round()
    job = ExportJob(round_id=round_.id, kind="leaderboard", fmt="pdf")
    db.session.add(job)
    db.session.commit()
    app.config["EXPORT_DIR"] = str(tmp_path)
    try:
        assert worker.run_pending() == 1
    finally:
        app.config.pop("EXPORT_DIR")

    job = db.session.get(ExportJob, job.id)
    assert job.status == JobStatus.FAILED
    assert job.error


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
