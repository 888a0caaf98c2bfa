"""Staff accounts on the admin pages: disable, re-enable, change role, reset; each audited.

The platform always keeps an active admin, and an admin cannot lock themselves out by accident.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.accounts.models import User
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def admin(client, auth, make_user):
    user = make_user("admin")
    auth.login(user)
    return user


def audit_entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_admin_creates_staff_and_it_is_audited(client, admin):
    response = client.post(
        "/admin/",
        data={"email": "btc@example.vn", "role": "organizer", "password": "mat-khau-dai"},
    )
    assert response.status_code == 302
    [entry] = audit_entries("users.create")
    assert (entry.actor_id, entry.after) == (
        admin.id,
        {"email": "btc@example.vn", "role": "organizer"},
    )


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(app, client, admin, make_user):
    judge = make_user("judge")
    judge_browser = app.test_client()
    judge_browser.post("/api/v1/auth/login", json={"login": judge.email, "password": PASSWORD})
    client.post(f"/admin/staff/{judge.id}/disable")
    assert judge_browser.get("/api/v1/me").status_code == 401
    response = app.test_client().post(
        "/api/v1/auth/login", json={"login": judge.email, "password": PASSWORD}
    )
    assert response.status_code == 401
    [entry] = audit_entries("users.disable")
    assert (entry.actor_id, entry.object_id) == (admin.id, str(judge.id))


def test_a_disabled_accounts_tokens_stop_working_until_it_is_enabled(app, client, admin, make_user):
    from contest.accounts.tokens import create_token

    judge = make_user("judge")
    _token, raw = create_token(judge, "script")
    db.session.commit()
    script = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    client.post(f"/admin/staff/{judge.id}/disable")
    assert script.get("/api/v1/me", headers=headers).status_code == 401
    client.post(f"/admin/staff/{judge.id}/enable")
    assert script.get("/api/v1/me", headers=headers).status_code == 200
    assert [e.action for e in audit_entries("users.enable")] == ["users.enable"]


def test_admin_changes_a_staff_role(client, admin, make_user):
    judge = make_user("judge")
    client.post(f"/admin/staff/{judge.id}/role", data={"role": "organizer"})
    db.session.refresh(judge)
    assert judge.role.value == "organizer"
    [entry] = audit_entries("users.role")
    assert (entry.before, entry.after) == ({"role": "judge"}, {"role": "organizer"})


def test_admin_hands_out_a_one_time_password_shown_once(app, client, admin, make_user):
    judge = make_user("judge")
    response = client.post(f"/admin/staff/{judge.id}/reset")
    password = re.search(r'id="one-time-password">([^<]+)<', response.get_data(as_text=True))[1]
    assert response.headers["Cache-Control"] == "no-store"
    browser = app.test_client()
    browser.post("/login", data={"login": judge.email, "password": password})
    assert browser.get("/judge/").headers["Location"].endswith("/password/change")
    assert audit_entries("users.password_reset")[0].actor_id == admin.id


def test_the_last_active_admin_cannot_be_disabled_or_demoted(app, make_user):
    only_admin = make_user("admin")
    # A second admin, then disabled: the first is the last active one.
    other = make_user("admin")
    browser = app.test_client()
    browser.post("/api/v1/auth/login", json={"login": other.email, "password": PASSWORD})
    browser.post(f"/admin/staff/{only_admin.id}/disable")
    db.session.refresh(only_admin)
    assert only_admin.active is False
    second = app.test_client()
    second.post("/api/v1/auth/login", json={"login": other.email, "password": PASSWORD})
    assert second.get("/api/v1/me").status_code == 200
    from contest.accounts import staff
    from contest.core.errors import Conflict

    with pytest.raises(Conflict) as refused:
        staff.set_active(other, False)
    assert refused.value.code == "last_admin"
    with pytest.raises(Conflict):
        staff.change_role(other, "judge")


def test_an_admin_cannot_disable_or_demote_themselves_from_the_pages(client, admin, make_user):
    make_user("admin")  # not the last admin: the refusal is about acting on oneself
    disable = client.post(f"/admin/staff/{admin.id}/disable", follow_redirects=True)
    demote = client.post(
        f"/admin/staff/{admin.id}/role", data={"role": "judge"}, follow_redirects=True
    )
    db.session.refresh(admin)
    assert (admin.active, admin.role.value) == (True, "admin")
    assert "không thể tự vô hiệu hóa" in disable.get_data(as_text=True)
    assert "không thể tự hạ vai trò" in demote.get_data(as_text=True)
    assert client.get("/api/v1/me").status_code == 200
    assert audit_entries("users.disable") == audit_entries("users.role") == []


def test_candidates_are_not_managed_as_staff(client, admin, make_user):
    candidate = make_user()
    assert client.post(f"/admin/staff/{candidate.id}/disable").status_code == 404
    db.session.refresh(candidate)
    assert candidate.active is True


def test_staff_table_shows_state_and_actions(client, admin, make_user):
    make_user("judge", email="tat@example.vn", active=False)
    html = client.get("/admin/").get_data(as_text=True)
    assert "Đã vô hiệu hóa" in html
    assert "Mở lại" in html
    assert db.session.scalar(select(User).where(User.email == "tat@example.vn")).active is False
