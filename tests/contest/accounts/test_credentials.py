"""Changing one's password: the current one is required, and every other device is signed out."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from contest.accounts import credentials
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from tests.conftest import PASSWORD, is_postgres

NEW_PASSWORD = "mat-khau-moi-9"


def test_change_password_on_the_profile_signs_out_other_devices(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    other_device = app.test_client()
    other_device.post("/api/v1/auth/login", json={"login": user.login_name, "password": PASSWORD})
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    response = client.post(
        "/password/change",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200  # this browser got a new session
    assert other_device.get("/api/v1/me").status_code == 401
    assert stolen.get("/api/v1/me").status_code == 401  # the old cookie of this browser too
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "users.password_change")
    )
    assert entry.actor_id == user.id


def test_change_password_needs_the_current_one(client, auth, make_user):
    auth.login(make_user())
    response = client.post(
        "/password/change",
        data={
            "current_password": "sai-mat-khau",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)


def test_change_password_refuses_a_mismatched_confirmation(client, auth, make_user):
    auth.login(make_user())
    response = client.post(
        "/password/change",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": "khac-hoan-toan"},
    )
    assert "Hai lần nhập không giống nhau" in response.get_data(as_text=True)


def test_change_password_through_the_api(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "ngan"}
    )
    assert response.status_code == 400
    assert "new_password" in response.get_json()["error"]["details"]["fields"]
    response = client.post(
        "/api/v1/me/password", json={"current_password": "sai", "new_password": NEW_PASSWORD}
    )
    assert response.get_json()["error"]["details"]["fields"] == {
        "current_password": "Mật khẩu hiện tại không đúng."
    }
    response = client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert client.get("/api/v1/me").status_code == 200
    login = app.test_client().post(
        "/api/v1/auth/login", json={"login": user.login_name, "password": NEW_PASSWORD}
    )
    assert login.status_code == 200


def test_a_script_changing_the_password_keeps_its_token(app, make_user):
    from contest.accounts.tokens import create_token

    user = make_user("organizer")
    _token, raw = create_token(user, "script")
    db.session.commit()
    script = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    response = script.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert response.status_code == 204
    assert script.get("/api/v1/me", headers=headers).status_code == 200


@pytest.mark.skipif(is_postgres(), reason="SQLite's one write lock")
def test_a_sign_in_holds_no_write_lock_while_the_password_hash_is_checked(
    app, client, make_user, monkeypatch
):
    user = make_user("candidate")
    db.session.commit()
    path = db.engine.url.database
    writers = []
    check = credentials.check_password_hash

    def check_while_another_worker_writes(hashed: str, password: str) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)  # waits for nothing
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            writers.append("wrote")
        finally:
            other.close()
        return check(hashed, password)

    monkeypatch.setattr(credentials, "check_password_hash", check_while_another_worker_writes)

    response = client.post(
        "/api/v1/auth/login", json={"login": user.login_name, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert writers == ["wrote"]
    db.session.expire_all()
    assert db.session.get(type(user), user.id).last_login_at is not None


def test_a_hash_of_another_method_is_replaced_at_the_next_sign_in(app, client, make_user):
    from werkzeug.security import generate_password_hash

    user = make_user()
    user.password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:2000")
    db.session.commit()
    wrong = client.post("/api/v1/auth/login", json={"login": user.login_name, "password": "sai"})
    assert wrong.status_code == 401
    db.session.refresh(user)
    assert user.password_hash.startswith("pbkdf2:sha256:2000$")  # only the right password does

    answer = client.post(
        "/api/v1/auth/login", json={"login": user.login_name, "password": PASSWORD}
    )
    assert answer.status_code == 200
    db.session.refresh(user)
    method = app.config["PASSWORD_HASH_METHOD"]
    assert user.password_hash.startswith(f"{method}$")
    assert (
        app.test_client()
        .post("/api/v1/auth/login", json={"login": user.login_name, "password": PASSWORD})
        .status_code
        == 200
    )


def test_a_hash_of_the_configured_method_is_left_as_it_is(app, client, make_user):
    user = make_user()
    stored = user.password_hash
    answer = client.post(
        "/api/v1/auth/login", json={"login": user.login_name, "password": PASSWORD}
    )
    assert answer.status_code == 200
    db.session.refresh(user)
    assert user.password_hash == stored
