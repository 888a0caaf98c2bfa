"""Fixtures shared by the whole suite: app, database (SQLite or PostgreSQL), clock, factories.

Set TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run on PostgreSQL.
SQLite: the migrated schema is built once and copied for every test. PostgreSQL: built once by
the migrations, then every table is truncated after each test. Either way tests commit for real.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from config import INSTANCE_DIR
from contest import create_app
from contest.attempts import paper, start
from contest.core import clock
from contest.core.extensions import db, limiter
from tests.factories.accounts import gen_user

# One file per test process, so that several runs (or developers' shells) never collide.
_RUN_ID = os.environ.get("TEST_RUN_ID", str(os.getpid()))
SQLITE_PATH = INSTANCE_DIR / f"test-{_RUN_ID}.sqlite3"
SQLITE_TEMPLATE = INSTANCE_DIR / f"test-{_RUN_ID}-template.sqlite3"


def pytest_configure(config):
    """Compile the message catalogs when they are missing or older than their .po file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (
        Path(__file__).resolve().parent.parent.glob("contest/translations/*/LC_MESSAGES/*.po")
    ):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


def database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{SQLITE_PATH}"


def is_postgres() -> bool:
    return database_url().startswith("postgres")


class CsrfClient(FlaskClient):
    """A test client that sends the session's CSRF token on unsafe requests, as the pages do."""

    send_csrf = True

    def open(self, *args, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        headers = dict(kwargs.pop("headers", None) or {})
        if (
            self.send_csrf
            and method not in ("GET", "HEAD", "OPTIONS")
            and "Authorization" not in headers
        ):
            token = self.csrf_token()
            headers.setdefault("X-CSRFToken", token)
            if isinstance(kwargs.get("data"), dict):
                kwargs["data"].setdefault("csrf_token", token)
        kwargs["headers"] = headers
        return self._isolated(*args, **kwargs)

    def _isolated(self, *args, **kwargs):
        """Serve each request in its own app context (own session, own g), as in production.

        What the test wrote is committed first, and its objects are expired, so both sides
        see the other's changes.
        """
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        return self._isolated("/api/v1/auth/csrf").get_json()["csrf_token"]


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def _migrated_database():
    """Build the schema once with the real migrations (this also tests that they run)."""
    url = database_url()
    if is_postgres():
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        template_url = url
    else:
        INSTANCE_DIR.mkdir(exist_ok=True)
        _remove_sqlite(SQLITE_TEMPLATE)
        template_url = f"sqlite:///{SQLITE_TEMPLATE}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=template_url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        db.engine.dispose()
    if not is_postgres():
        # Fold the WAL into the main file so that one copy per test is the whole database.
        engine = create_engine(template_url)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        engine.dispose()
    yield tables
    if not is_postgres():
        _remove_sqlite(SQLITE_TEMPLATE)
        _remove_sqlite(SQLITE_PATH)
        # The writer lock files go last: while tests run, every connection must lock the same file.
        for path in (SQLITE_TEMPLATE, SQLITE_PATH):
            Path(f"{path}-writer.lock").unlink(missing_ok=True)
    _remove_sqlite(INSTANCE_DIR / f"test-{_RUN_ID}-ratelimits.sqlite3")


@pytest.fixture(scope="session")
def _app(_migrated_database):
    app = create_app("testing")
    app.test_client_class = CsrfClient
    app.extensions["test_limiter_storage"] = (limiter._storage, limiter._limiter)
    return app


@pytest.fixture
def app(_app, _migrated_database):
    """The application, on a freshly emptied database."""
    if not is_postgres():
        with _app.app_context():
            db.engine.dispose()
        _remove_sqlite(SQLITE_PATH)
        shutil.copyfile(SQLITE_TEMPLATE, SQLITE_PATH)
    ctx = _app.app_context()
    ctx.push()
    # The limiter is one object: a test that built an app of its own rebound its storage.
    limiter._storage, limiter._limiter = _app.extensions["test_limiter_storage"]
    limiter.reset()
    paper.forget_cards()
    start.forget_cells()
    yield _app
    db.session.remove()
    if is_postgres():
        tables = ", ".join(f'"{name}"' for name in _migrated_database)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.engine.dispose() if not is_postgres() else None
    ctx.pop()
    clock.set_now(None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def redis_cache():
    """Settings for a node that caches in Redis (TEST_REDIS_URL), under a prefix of this test's
    own (round ids repeat from test to test), whose keys are removed afterwards."""
    import uuid

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url} (set TEST_REDIS_URL)")
    prefix = f"thiluat-test:{uuid.uuid4().hex}:"
    yield {"REDIS_URL": url, "CACHE_BACKEND": "redis", "CACHE_KEY_PREFIX": prefix}
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)
    client.close()


@pytest.fixture
def make_node(app, tmp_path):
    """Another app instance on the same database: a second node, with its own instance folder."""
    nodes = []

    def make(name: str = "node-b", **overrides):
        node = create_app("testing", INSTANCE_DIR=tmp_path / name, **overrides)
        node.test_client_class = CsrfClient
        nodes.append(node)
        return node

    yield make
    for node in nodes:
        with node.app_context():
            db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def now():
    """Freeze the platform clock; call now(datetime) to move it. Returns the current value."""

    state = {"value": datetime(2026, 11, 27, 12, 0, tzinfo=UTC)}
    clock.set_now(state["value"])

    def move(value: datetime | None = None) -> datetime:
        if value is not None:
            state["value"] = value
            clock.set_now(value)
        return state["value"]

    yield move
    clock.set_now(None)


PASSWORD = "mat-khau-1"


@pytest.fixture
def make_user(app):
    """Create a user of any role who can sign in with PASSWORD (committed); see gen_user."""

    def make(role: str = "candidate", **fields):
        user = gen_user(role, password=fields.pop("password", PASSWORD), **fields)
        db.session.commit()
        return user

    return make


@pytest.fixture
def organizer(auth, make_user):
    """An organizer, signed in on the test client."""
    user = make_user("organizer")
    auth.login(user)
    return user


class AuthActions:
    """Sign a test client in and out through the real API."""

    def __init__(self, client):
        self._client = client

    def login(self, user, password: str = PASSWORD):
        response = self._client.post(
            "/api/v1/auth/login", json={"login": user.login_name, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        return response

    def logout(self):
        return self._client.post("/api/v1/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
