"""Exports API: who may export, which kinds, and jobs queued, run by the worker, downloaded."""

from __future__ import annotations

import pytest

from tests.factories.scenes import gen_scored_board


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers; An is a signed-up candidate who can sign in."""
    return gen_scored_board(make_user)


def test_candidates_cannot_export(client, auth, board):
    round_, an, *_ = board
    auth.login(an)
    assert client.get(f"/api/v1/rounds/{round_.id}/export.csv").status_code == 403


def test_export_kind_is_checked(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))
    assert client.get(f"/api/v1/rounds/{round_.id}/export.csv?kind=secrets").status_code == 400


def test_export_job_is_queued_run_by_the_worker_and_downloaded(
    client, auth, board, make_user, runner
):
    from contest.jobs.cli import jobs_cli

    round_, *_ = board
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


def test_downloading_a_queued_export_is_audited(client, auth, board, make_user, runner):
    from sqlalchemy import select

    from contest.core.audit import AuditEntry
    from contest.core.extensions import db
    from contest.jobs.cli import jobs_cli

    round_, *_ = board
    judge = make_user("judge")
    auth.login(judge)
    job_id = client.post(
        f"/api/v1/rounds/{round_.id}/export-jobs", json={"kind": "leaderboard", "format": "csv"}
    ).get_json()["id"]
    assert runner.invoke(jobs_cli, ["run", "--once", "--no-nice"]).exit_code == 0
    assert client.get(f"/api/v1/export-jobs/{job_id}/download").status_code == 200
    db.session.expire_all()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "results.export"))
    assert (entry.actor_id, entry.after["job_id"]) == (judge.id, job_id)
