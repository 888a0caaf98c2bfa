"""Cross-cutting web behaviour: CSRF, security headers, health check, friendly error pages."""

from unittest import mock

import pytest
from sqlalchemy.exc import OperationalError

from contest import create_app
from contest.attempts.models import Attempt
from contest.core.extensions import db
from tests.conftest import AuthActions, CsrfClient
from tests.factories.rounds import gen_open_round, gen_participation


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


def test_a_rate_limited_api_answer_has_the_contract_shape(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "LIMIT_SIGN_IN", "3/minute")
    statuses = [
        client.post("/api/v1/auth/login", json={"login": f"09000000{n:02d}", "password": "x"})
        for n in range(4)
    ]
    assert [r.status_code for r in statuses] == [401, 401, 401, 429]
    error = statuses[3].get_json()["error"]
    assert error["code"] == "rate_limited"
    assert "thử lại" in error["message"]
    assert 0 < int(statuses[3].headers["Retry-After"]) <= 60


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
            client.get("/healthz", headers={"User-Agent": "Mozilla/5.0 " + "x" * 5000})
    finally:
        app.config["LOG_REQUESTS"] = False
    record = json.loads(caplog.records[-1].getMessage())
    assert record["path"] == "/healthz"
    assert record["status"] == 200
    assert "duration_ms" in record
    # all that gunicorn's access log would say, in the same line: it is off by default
    assert record["bytes"] > 0
    assert record["ua"].startswith("Mozilla/5.0")
    assert len(record["ua"]) == 200
    assert record["time"].endswith("+00:00")


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


def _app_behind(hops: int, **settings):
    """The application as gunicorn serves it behind `hops` proxies (TRUSTED_PROXIES)."""
    served = create_app("testing", TRUSTED_PROXIES=hops, **settings)
    served.test_client_class = CsrfClient
    return served


def _seen_address(served, forwarded_for: str) -> str:
    @served.get("/__address")
    def address():
        from flask import request

        return request.remote_addr

    return served.test_client().get("/__address", headers={"X-Forwarded-For": forwarded_for}).text


@pytest.mark.usefixtures("app")
def test_behind_one_proxy_the_client_address_comes_from_x_forwarded_for():
    assert _seen_address(_app_behind(1), "198.51.100.23") == "198.51.100.23"


@pytest.mark.usefixtures("app")
def test_behind_one_proxy_a_forged_first_hop_is_not_believed():
    # The client wrote the first entry; nginx appended the address it really saw.
    assert _seen_address(_app_behind(1), "10.9.9.9, 198.51.100.23") == "198.51.100.23"


@pytest.mark.usefixtures("app")
def test_without_trusted_proxies_x_forwarded_for_changes_nothing():
    assert _seen_address(_app_behind(0), "198.51.100.23") == "127.0.0.1"


def _sign_in_statuses(served, addresses: list[str]) -> list[int]:
    client = served.test_client()
    return [
        client.post(
            "/api/v1/auth/login",
            json={"login": f"09100000{n:02d}", "password": "sai-mat-khau"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for n, address in enumerate(addresses)
    ]


@pytest.mark.usefixtures("app")
def test_behind_a_proxy_each_client_has_its_own_sign_in_limit():
    served = _app_behind(1, LIMIT_SIGN_IN="2/minute")
    statuses = _sign_in_statuses(served, ["203.0.113.1"] * 3 + ["203.0.113.2"] * 2)
    assert statuses == [401, 401, 429, 401, 401]


@pytest.mark.usefixtures("app")
def test_without_trusted_proxies_a_forged_header_buys_no_new_limit():
    served = _app_behind(0, LIMIT_SIGN_IN="2/minute")
    statuses = _sign_in_statuses(served, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])
    assert statuses == [401, 401, 429]


def test_behind_a_proxy_the_integrity_report_sees_the_candidate_address(app, make_user):
    candidate = make_user()
    round_ = gen_open_round(questions=2)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    client = _app_behind(1).test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.77"
    AuthActions(client).login(candidate)
    response = client.post(f"/api/v1/rounds/{round_.id}/attempts")
    assert response.status_code == 201, response.get_json()
    assert db.session.get(Attempt, response.get_json()["id"]).ip == "203.0.113.77"
