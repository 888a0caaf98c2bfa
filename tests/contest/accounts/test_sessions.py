"""Sign-in sessions end on the server: logout, "sign out everywhere", idle and absolute lifetimes.

A cookie copied before the end (the session cookie or the remember-me cookie) reads nothing
afterwards; an active session is noted as seen at most every few minutes, not on every request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from contest.accounts.models import UserSession
from contest.core.extensions import db
from tests.conftest import PASSWORD


def sign_in(client, user, remember: bool = True):
    form = {"login": user.login_name, "password": PASSWORD}
    if remember:
        form["remember"] = "y"
    response = client.post("/login", data=form)
    assert response.status_code == 302
    return response


def stolen_copy(app, client, *names: str):
    """Another browser holding copies of the given cookies, as an attacker who captured them."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, client.get_cookie(name).value)
    return thief


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_cookie_captured_before_logout_no_longer_reads_me(app, client, auth, make_user, cookie):
    auth.login(make_user())
    thief = stolen_copy(app, client, cookie)
    assert thief.get("/api/v1/me").status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert thief.get("/api/v1/me").status_code == 401


def test_logout_page_ends_the_session_on_the_server(app, client, make_user):
    sign_in(client, make_user())
    thief = stolen_copy(app, client, "session", "remember_token")
    client.post("/logout")
    assert thief.get("/api/v1/me").status_code == 401
    record = db.session.scalar(select(UserSession))
    assert (record.end_reason, record.ended_at is not None) == ("logout", True)


def test_remember_cookie_signs_in_again_only_while_its_session_is_open(app, client, make_user):
    sign_in(client, make_user(), remember=True)
    returning = stolen_copy(app, client, "remember_token")  # the browser was closed and reopened
    assert returning.get("/api/v1/me").status_code == 200
    client.post("/logout")
    fresh = stolen_copy(app, returning, "remember_token")
    assert fresh.get("/api/v1/me").status_code == 401


def test_without_remember_me_the_cookie_ends_with_the_browser(client, make_user):
    sign_in(client, make_user(), remember=False)
    assert client.get_cookie("remember_token") is None
    assert client.get_cookie("session").expires is None


def test_sign_out_everywhere_ends_every_session_of_the_user(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    assert phone.delete("/api/v1/me/sessions").status_code == 204
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401


def test_sign_out_everywhere_from_the_profile_page(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    assert 'action="/profile/sessions/end-all"' in phone.get("/profile").get_data(as_text=True)
    response = phone.post("/profile/sessions/end-all")
    assert response.headers["Location"].endswith("/login")
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 401


def test_sign_out_everywhere_leaves_other_users_signed_in(app, make_user):
    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine, make_user())
    sign_in(theirs, make_user())
    mine.delete("/api/v1/me/sessions")
    assert theirs.get("/api/v1/me").status_code == 200


def test_a_user_lists_their_sessions_and_ends_one(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    laptop.post(
        "/login",
        data={"login": user.login_name, "password": PASSWORD},
        headers={"User-Agent": "Laptop/1.0"},
    )
    items = phone.get("/api/v1/me/sessions").get_json()["items"]
    assert [item["current"] for item in items].count(True) == 1
    other = next(item for item in items if not item["current"])
    assert other["user_agent"] == "Laptop/1.0"
    assert other["ip"] == "127.0.0.1"
    assert phone.delete(f"/api/v1/me/sessions/{other['id']}").status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 200


def test_no_one_ends_someone_elses_session(app, make_user):
    victim, attacker = app.test_client(), app.test_client()
    sign_in(victim, make_user())
    sign_in(attacker, make_user())
    victim_session = db.session.scalars(select(UserSession).order_by(UserSession.id)).first()
    assert attacker.delete(f"/api/v1/me/sessions/{victim_session.id}").status_code == 404
    assert victim.get("/api/v1/me").status_code == 200


def test_session_ends_after_the_idle_lifetime(app, client, make_user, now, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)
    sign_in(client, make_user())
    start = now()
    now(start + timedelta(minutes=29))
    assert client.get("/api/v1/me").status_code == 200
    now(start + timedelta(minutes=29 + 31))
    assert client.get("/api/v1/me").status_code == 401


def test_session_ends_after_the_absolute_lifetime_even_when_active(
    app, client, make_user, now, monkeypatch
):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 60)
    monkeypatch.setitem(app.config, "SESSION_MAX_DAYS", 1)
    sign_in(client, make_user())
    start = now()
    for minutes in range(50, 24 * 60, 50):
        now(start + timedelta(minutes=minutes))
        assert client.get("/api/v1/me").status_code == 200
    now(start + timedelta(days=1, minutes=1))
    assert client.get("/api/v1/me").status_code == 401


def test_session_cookie_expires_with_the_absolute_lifetime(app, client, make_user):
    sign_in(client, make_user())
    remember = client.get_cookie("remember_token")
    session_cookie = client.get_cookie("session")
    for cookie in (remember, session_cookie):
        lifetime = cookie.expires - db.session.scalar(select(UserSession.created_at))
        assert abs(lifetime - timedelta(days=app.config["SESSION_MAX_DAYS"])) < timedelta(hours=1)


def test_a_request_that_changes_nothing_in_the_session_sends_no_cookie(client, make_user):
    sign_in(client, make_user())
    expires = client.get_cookie("session").expires
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []  # nothing re-signed, nothing re-sent
    assert client.get_cookie("session").expires == expires


def count_session_updates(app):
    statements = []

    def listener(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE USER_SESSION"):
            statements.append(statement)

    return statements, listener


def test_requests_do_not_write_the_session_each_time(app, client, make_user, now):
    sign_in(client, make_user())
    statements, listener = count_session_updates(app)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        start = now()
        for seconds in range(0, 240, 10):
            now(start + timedelta(seconds=seconds))
            assert client.get("/api/v1/me").status_code == 200
            assert client.post("/api/v1/me/tokens", json={"name": "x"}).status_code == 201
        assert statements == []
        now(start + timedelta(minutes=6))
        client.get("/api/v1/me")
        client.post("/api/v1/me/tokens", json={"name": "x"})
        assert len(statements) == 1
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert db.session.scalar(select(UserSession.last_seen_at)) == start + timedelta(minutes=6)


def test_the_session_remembers_where_it_was_started(client, make_user):
    client.post(
        "/api/v1/auth/login",
        json={"login": make_user().login_name, "password": PASSWORD},
        headers={"User-Agent": "Mozilla/5.0 (Android 14)"},
    )
    record = db.session.scalar(select(UserSession))
    assert (record.ip, record.user_agent) == ("127.0.0.1", "Mozilla/5.0 (Android 14)")


def test_the_database_keeps_only_a_digest_of_the_session_key(client, auth, make_user):
    auth.login(make_user())
    key_hash = db.session.scalar(select(UserSession.key_hash))
    assert key_hash not in client.get_cookie("session").value
    assert key_hash not in client.get_cookie("remember_token").value


def test_bearer_tokens_are_not_sessions_and_keep_working(app, client, auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    raw = client.post("/api/v1/me/tokens", json={"name": "script"}).get_json()["token"]
    client.delete("/api/v1/me/sessions")
    script = app.test_client()
    response = script.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_every_cookie_the_platform_sets_is_samesite_and_httponly(client, make_user):
    responses = [
        client.get("/api/v1/auth/csrf"),
        client.get("/lang/en"),
        client.post(
            "/login",
            data={"login": make_user().login_name, "password": PASSWORD, "remember": "y"},
        ),
        client.get("/profile"),
    ]
    cookies = [value for r in responses for value in r.headers.getlist("Set-Cookie")]
    names = {cookie.split("=", 1)[0] for cookie in cookies}
    assert names == {"session", "remember_token"}  # CSRF token and language live in the session
    for cookie in cookies:
        assert "SameSite=Lax" in cookie, cookie
        assert "HttpOnly" in cookie, cookie
