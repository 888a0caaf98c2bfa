"""Every export that contains personal data leaves an audit entry: who, what, when — round lists
(names, CCCD, phone), prize lists, integrity reports, one's own data, the audit log, backups."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from tests.factories.scenes import gen_locked_list


@pytest.fixture
def locked(app, now, make_user):
    return gen_locked_list(make_user)


def entries(action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def download(client, url: str) -> None:
    response = client.get(url)
    response.get_data()
    assert response.status_code == 200, url
    response.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_round_list_export_is_audited(client, auth, locked, make_user, now, fmt):
    round_, _, _ = locked
    organizer = make_user("organizer")
    auth.login(organizer)
    download(client, f"/api/v1/rounds/{round_.id}/export.{fmt}?kind=leaderboard")
    (entry,) = entries("results.export")
    assert (entry.actor_id, entry.object_id, entry.at) == (organizer.id, str(round_.id), now())
    assert entry.after == {"kind": "leaderboard", "format": fmt}


def test_a_prize_list_export_is_audited(client, auth, locked, make_user):
    _, _, result = locked
    judge = make_user("judge")
    auth.login(judge)
    download(client, f"/api/v1/prize-results/{result.id}/export.csv")
    (entry,) = entries("prize.export")
    assert (entry.actor_id, entry.object_id) == (judge.id, str(result.id))


@pytest.mark.parametrize("url", ["/api/v1/rounds/{id}/integrity", "/results/rounds/{id}/integrity"])
def test_reading_an_integrity_report_is_audited(client, auth, locked, make_user, url):
    round_, _, _ = locked
    judge = make_user("judge")
    auth.login(judge)
    download(client, url.format(id=round_.id))
    (entry,) = entries("integrity.report")
    assert (entry.actor_id, entry.object_id) == (judge.id, str(round_.id))


@pytest.mark.parametrize("url", ["/me/data.json", "/me/data.xlsx", "/api/v1/me/data.xlsx"])
def test_downloading_ones_own_data_is_audited(client, auth, make_user, url):
    candidate = make_user()
    auth.login(candidate)
    download(client, url)
    (entry,) = entries("privacy.export")
    assert entry.actor_id == candidate.id


def test_exporting_the_audit_log_is_audited(client, auth, make_user):
    admin = make_user("admin")
    auth.login(admin)
    download(client, "/admin/audit.xlsx")
    (entry,) = entries("audit.export")
    assert entry.actor_id == admin.id


def test_a_backup_is_audited_and_holds_its_own_entry(app, runner, tmp_path):
    path = tmp_path / "thiluat.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    (entry,) = entries("backup.create")
    assert entry.after == {"path": str(path)}
