"""Cross-cutting web behaviour: CSRF, security headers, health check, friendly error pages."""

from unittest import mock

import pytest
from sqlalchemy.exc import OperationalError

from contest import create_app


def test_form_post_without_csrf_token_is_refused(client, make_user):
    client.send_csrf = False
    user = make_user()
    response = client.post("/login", data={"login": user.login_name, "password": "mat-khau-1"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_api_call_with_session_but_without_csrf_header_is_refused(client, auth, make_user):
    auth.login(make_user("organizer"))
    client.send_csrf = False
    response = client.post("/api/v1/me/tokens", json={"name": "x"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_and_no_cdn(client):
    html = client.get("/register").get_data(as_text=True)
    assert "<script>" not in html
    assert "onclick=" not in html
    assert "https://" not in html.split("<body>")[0]


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_unreachable_database_with_503(client):
    from contest.core.extensions import db

    with mock.patch.object(
        db.session, "execute", side_effect=OperationalError("x", {}, Exception("down"))
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_not_found_page_is_friendly_vietnamese(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_api_not_found_answers_json_error(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_upload_over_the_limit_gets_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/login", data={"login": "x" * 4096, "password": "y"})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert response.status_code == 413
    assert "dung lượng" in response.get_data(as_text=True)


def test_rate_limited_login_gets_429_with_retry_after(client):
    statuses = [
        client.post("/api/v1/auth/login", json={"login": "0900000000", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10
    response = client.post("/api/v1/auth/login", json={"login": "0900000000", "password": "x"})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.usefixtures("_migrated_database")
def test_unexpected_error_shows_friendly_500():
    fresh = create_app("testing")

    @fresh.get("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh.test_client().get("/__boom")
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in response.get_data(as_text=True)


def test_requests_are_logged_as_json(app, client, caplog):
    import json
    import logging

    app.config["LOG_REQUESTS"] = True
    try:
        with caplog.at_level(logging.INFO, logger="thiluat.request"):
            logger = logging.getLogger("thiluat.request")
            logger.propagate = True
            client.get("/healthz")
    finally:
        app.config["LOG_REQUESTS"] = False
    record = json.loads(caplog.records[-1].getMessage())
    assert record["path"] == "/healthz"
    assert record["status"] == 200
    assert "duration_ms" in record


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contests/99999999999999999999999",
        "/api/v1/rounds/99999999999999999999999/leaderboard",
        "/api/v1/rounds/2147483648",
        "/rounds/99999999999999999999999/leaderboard",
        "/results/rounds/99999999999999999999999",
    ],
)
def test_an_id_beyond_the_database_integers_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
