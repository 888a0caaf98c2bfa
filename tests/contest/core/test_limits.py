"""Rate limits: the client's address as a key, settings from the environment, shared counters."""

from __future__ import annotations

import multiprocessing
import os

import pytest
import redis
from limits.storage import storage_from_string

from contest import create_app
from contest.core import limits
from contest.core.extensions import db
from tests.conftest import PASSWORD


def reachable_redis() -> str | None:
    """TEST_REDIS_URL, or the machine's Redis (database 2), when it answers."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


REDIS_URL = reachable_redis()


@pytest.mark.parametrize(
    ("remote_addr", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:ee0:4f1:2a3::17", "2001:ee0:4f1:2a3::/64"),
        ("2001:ee0:4f1:2a3:ffff:1:2:3", "2001:ee0:4f1:2a3::/64"),
    ],
)
def test_a_client_is_counted_by_its_address_and_an_ipv6_subscriber_by_its_64(app, remote_addr, key):
    with app.test_request_context(environ_base={"REMOTE_ADDR": remote_addr}):
        assert limits.per_address() == key


def test_a_submitted_field_is_a_key_without_the_personal_data_in_it(app):
    with app.test_request_context(method="POST", json={"login": "0912 345 678"}):
        key = limits.per_field("login")()
    with app.test_request_context(method="POST", data={"login": "0912345678"}):
        assert limits.per_field("login")() == key
    assert "0912345678" not in key
    with app.test_request_context(method="POST", environ_base={"REMOTE_ADDR": "203.0.113.5"}):
        assert limits.per_field("login")() == "203.0.113.5"


def test_every_limit_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LIMIT_SIGN_IN", "1000/minute")
    monkeypatch.setenv("LIMIT_SAVE", "90/minute;2000/hour")
    monkeypatch.setenv("LIMIT_SIGN_IN_ACCOUNT", "3")
    monkeypatch.setenv("LIMIT_SIGN_IN_WAIT", "10")
    config = create_app("development", INSTANCE_DIR=tmp_path).config
    assert config["LIMIT_SIGN_IN"] == "1000/minute"
    assert config["LIMIT_SAVE"] == "90/minute;2000/hour"
    assert (config["LIMIT_SIGN_IN_ACCOUNT"], config["LIMIT_SIGN_IN_WAIT"]) == (3, 10)


@pytest.mark.parametrize(
    ("name", "value"), [("LIMIT_START", "nhiều/phút"), ("LIMIT_SIGN_IN_WAIT", "0")]
)
def test_a_mistyped_limit_stops_the_start_and_names_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        create_app("testing")


@pytest.mark.usefixtures("app")
def test_an_account_limit_set_by_the_environment_is_the_one_applied(monkeypatch):
    monkeypatch.setenv("LIMIT_SIGN_IN_ACCOUNT", "2")
    client = create_app("testing").test_client()
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    statuses = [
        client.post(
            "/api/v1/auth/login",
            json={"login": "0933444555", "password": "sai"},
            headers={"X-CSRFToken": token},
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 429]


def _worker(database_uri: str, storage_uri: str, logins: list[str], results) -> None:
    """One gunicorn worker: its own app, its own process, the same counters' storage."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_uri,
        RATELIMIT_STORAGE_URI=storage_uri,
        LIMIT_SIGN_IN="10/minute",
    )
    client = app.test_client()
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    statuses = [
        client.post(
            "/api/v1/auth/login",
            json={"login": login, "password": "sai"},
            headers={"X-CSRFToken": token},
        ).status_code
        for login in logins
    ]
    results.put(statuses)


def _two_workers_sign_in(app, storage_uri: str) -> list[int]:
    storage_from_string(storage_uri).reset()
    with db.engine.connect():  # the file in WAL mode before the workers, as a migration leaves it
        pass
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(
                app.config["SQLALCHEMY_DATABASE_URI"],
                storage_uri,
                [f"09{w}{n:07d}" for n in range(6)],
                results,
            ),
        )
        for w in (5, 6)
    ]
    for worker in workers:
        worker.start()
    statuses = results.get(timeout=60) + results.get(timeout=60)
    for worker in workers:
        worker.join(10)
    return sorted(statuses)


def test_two_workers_share_the_counters_of_the_sqlite_file(app, tmp_path):
    statuses = _two_workers_sign_in(app, f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}")
    assert statuses == [401] * 10 + [429] * 2


@pytest.mark.skipif(
    not REDIS_URL, reason="no Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379/2)"
)
def test_two_workers_share_the_counters_in_redis(app):
    assert _two_workers_sign_in(app, REDIS_URL) == [401] * 10 + [429] * 2


@pytest.mark.usefixtures("app")
def test_counters_out_of_reach_let_people_sign_in_rather_than_fail(make_user):
    user = make_user()
    served = create_app("testing", RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0")
    client = served.test_client()
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]

    def sign_in(password: str) -> int:
        body = {"login": user.login_name, "password": password}
        return client.post(
            "/api/v1/auth/login", json=body, headers={"X-CSRFToken": token}
        ).status_code

    assert [sign_in("sai") for _ in range(6)] == [401] * 6
    assert sign_in(PASSWORD) == 200


@pytest.mark.usefixtures("app")
def test_limited_answers_carry_no_counter_headers_unless_asked_for(monkeypatch, client):
    """Each header set costs a read of the counters on every save of a rush: off by default."""
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    body = {"login": "0933444666", "password": "sai"}
    refused = client.post("/api/v1/auth/login", json=body, headers={"X-CSRFToken": token})
    assert refused.status_code == 401
    assert not [name for name, _value in refused.headers.items() if name.startswith("X-RateLimit")]

    monkeypatch.delenv("LIMIT_HEADERS", raising=False)
    assert create_app("testing").config["RATELIMIT_HEADERS_ENABLED"] is False
    monkeypatch.setenv("LIMIT_HEADERS", "1")
    assert create_app("testing").config["RATELIMIT_HEADERS_ENABLED"] is True
