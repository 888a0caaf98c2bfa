"""flask privacy retention: candidates of contests settled more than N days ago are anonymised,
while statistics keep their counts and a locked prize list still verifies against its checksum."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.accounts.models import User, UserSession
from contest.attempts.models import Attempt, AttemptEvent
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.privacy.models import DeletionRequest
from contest.prizes.proposal import checksum
from tests.contest.privacy.scenario import settled_contest, take_part
from tests.factories.rounds import gen_round

DAYS = 30


def retention(runner, days: int = DAYS, *extra: str):
    result = runner.invoke(args=["privacy", "retention", "--days", str(days), *extra])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def judge_reads(judge, round_, result):
    """What a judge downloads: the locked list's export and the round's statistics."""
    export = judge.get(f"/api/v1/prize-results/{result.id}/export.csv")
    assert export.status_code == 200
    statistics = {}
    for path in ("statistics", "units", "dashboard"):
        response = judge.get(f"/api/v1/rounds/{round_.id}/{path}")
        assert response.status_code == 200, path
        statistics[path] = response.get_json()
    assert statistics["units"]["items"], statistics["units"]  # counted by unit: there is one
    return export.data, statistics


def test_candidates_are_anonymised_n_days_after_the_lock(app, runner, make_user, now):
    scene = settled_contest(make_user)
    now(now() + timedelta(days=DAYS + 1))
    recent = UserSession(
        user_id=scene.winner.id, key_hash="f" * 64, ip="198.51.100.7", user_agent="Firefox"
    )
    db.session.add(recent)
    db.session.commit()
    output = retention(runner).output
    assert "Đã ẩn danh 3 thí sinh" in output
    for user in scene.candidates:
        user = db.session.get(User, user.id)
        assert (user.full_name, user.id_number, user.phone, user.email, user.birth_date) == (
            "Ẩn danh",
            None,
            None,
            None,
            None,
        )
        assert user.anonymised_at == now()
        assert user.unit is not None  # statistics count by unit and locality
    assert set(db.session.scalars(select(Attempt.ip))) == {None}
    assert set(db.session.scalars(select(Attempt.user_agent))) == {None}
    assert set(db.session.scalars(select(AttemptEvent.ip))) == {None}
    recent = db.session.get(UserSession, recent.id)
    assert (recent.ip, recent.user_agent, recent.end_reason) == (None, None, "anonymised")


def test_nothing_is_anonymised_before_the_period_ends(runner, make_user, now):
    settled_contest(make_user)
    now(now() + timedelta(days=DAYS - 1))
    assert "Đã ẩn danh 0 thí sinh" in retention(runner).output
    assert db.session.scalar(select(User.id_number).where(User.role == "candidate"))


def test_a_locked_list_still_verifies_and_statistics_keep_their_counts(app, runner, make_user, now):
    scene = settled_contest(make_user)
    now(now() + timedelta(days=DAYS + 1))
    judge = app.test_client()
    judge.post(
        "/api/v1/auth/login", json={"login": make_user("judge").email, "password": "mat-khau-1"}
    )
    winner = scene.winner.full_name
    export_before, statistics_before = judge_reads(judge, scene.round, scene.result)
    retention(runner)
    export_after, statistics_after = judge_reads(judge, scene.round, scene.result)
    assert export_after == export_before
    assert statistics_after == statistics_before
    result = db.session.get(type(scene.result), scene.result.id)
    assert checksum(result) == result.sha256
    # The export is a title block, an empty line, then the canonical table the SHA-256 is of.
    table = export_after.split(b"\r\n\r\n", 1)[1]
    assert hashlib.sha256(table).hexdigest() == result.sha256
    assert winner.encode() in table  # the signed record keeps who won


def test_a_candidate_in_a_contest_not_yet_settled_is_kept(runner, make_user, now):
    scene = settled_contest(make_user)
    running = gen_round(closes_at=now() + timedelta(days=DAYS + 10))
    take_part(running, scene.winner, score=5, n=9)
    db.session.commit()
    now(now() + timedelta(days=DAYS + 1))
    assert "Đã ẩn danh 2 thí sinh" in retention(runner).output
    assert db.session.get(User, scene.winner.id).anonymised_at is None


def test_a_contest_without_a_locked_list_is_never_settled(runner, make_user, now):
    settled_contest(make_user, locked=False)
    now(now() + timedelta(days=10 * DAYS))
    assert "Đã ẩn danh 0 thí sinh" in retention(runner).output


def test_dry_run_reports_and_changes_nothing(runner, make_user, now):
    settled_contest(make_user)
    now(now() + timedelta(days=DAYS + 1))
    assert "Sẽ ẩn danh 3 thí sinh" in retention(runner, DAYS, "--dry-run").output
    assert db.session.scalar(select(User.anonymised_at).where(User.role == "candidate")) is None


def test_the_run_is_audited_with_the_command(runner, make_user, now):
    settled_contest(make_user)
    now(now() + timedelta(days=DAYS + 1))
    retention(runner)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.retention"))
    assert entry.after["anonymised"] == 3
    assert "privacy retention" in entry.origin


def test_sessions_that_ended_long_ago_are_deleted(runner, make_user, now):
    settled_contest(make_user, locked=False)
    now(now() + timedelta(days=DAYS + 1))
    assert "Phiên đăng nhập cũ được xóa: 3" in retention(runner).output
    assert db.session.scalar(select(UserSession.id)) is None


@pytest.mark.parametrize("days", [None, 7])
def test_the_period_defaults_to_the_configuration(app, runner, make_user, now, monkeypatch, days):
    monkeypatch.setitem(app.config, "PRIVACY_RETENTION_DAYS", 7)
    settled_contest(make_user)
    now(now() + timedelta(days=8))
    args = ["privacy", "retention"] + ([] if days is None else ["--days", str(days)])
    result = runner.invoke(args=args)
    assert "Đã ẩn danh 3 thí sinh (hết thời hạn lưu 7 ngày)" in result.output


def test_a_pending_request_is_carried_out_once_the_round_has_closed(runner, make_user, now):
    candidate = make_user()
    open_round = gen_round(closes_at=now() + timedelta(days=2))
    take_part(open_round, candidate, score=5)
    db.session.add(DeletionRequest(user_id=candidate.id))
    db.session.commit()
    retention(runner)
    assert db.session.get(User, candidate.id).anonymised_at is None
    now(now() + timedelta(days=3))
    assert "Yêu cầu xóa được thực hiện: 1" in retention(runner).output
    assert db.session.get(User, candidate.id).anonymised_at is not None
    assert db.session.scalar(select(DeletionRequest.status)) == "done"
