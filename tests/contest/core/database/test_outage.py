"""A database away for a moment: requests wait for it; past the wait they are told 503, never 500.

The database's absence is played by the dialect's `connect`, which refuses a given number of
times with the driver's own OperationalError (what psycopg raises while PostgreSQL restarts:
"the database system is starting up"; what sqlite3 raises for a file it cannot open).
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, InvalidatePoolError, OperationalError

from contest import create_app
from contest.attempts import answers
from contest.attempts.models import Answer
from contest.core.database.outage import is_outage
from contest.core.extensions import db
from tests.contest.core.database.test_request_phases import save_first_option, started_attempt


class AbsentDatabase:
    """The engine's connect, refusing `refusals` times (None: always) before it lets through."""

    def __init__(self, monkeypatch, refusals: int | None) -> None:
        self.refusals = refusals
        self.tries = 0
        dialect = db.engine.dialect
        self._connect = dialect.connect
        self._error = dialect.loaded_dbapi.OperationalError
        monkeypatch.setattr(dialect, "connect", self.connect)
        db.engine.dispose()  # every connection from now on is a new one

    def connect(self, *args, **kwargs):
        self.tries += 1
        if self.refusals is None or self.tries <= self.refusals:
            raise self._error("the database system is starting up")
        return self._connect(*args, **kwargs)


def answers_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


def test_a_save_made_while_the_database_restarts_waits_for_it_and_is_stored(
    app, signed_in, candidate, monkeypatch
):
    attempt = started_attempt(signed_in, candidate)
    signed_in.csrf_token()  # the token first, so that only the save meets the restart
    app.config["DATABASE_WAIT_SECONDS"] = 5
    absent = AbsentDatabase(monkeypatch, refusals=2)

    response = save_first_option(signed_in, attempt)

    assert response.status_code == 200
    assert absent.tries == 3
    assert answers_stored() == 1


def test_a_database_still_away_after_the_wait_is_a_503_with_retry_after_not_a_500(
    app, signed_in, candidate, monkeypatch, caplog
):
    attempt = started_attempt(signed_in, candidate)
    signed_in.csrf_token()
    app.config["DATABASE_WAIT_SECONDS"] = 0.3
    absent = AbsentDatabase(monkeypatch, refusals=None)

    with caplog.at_level(logging.WARNING):
        response = save_first_option(signed_in, attempt)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    error = response.get_json()["error"]
    assert error["code"] == "database_unavailable"
    assert "những gì đã lưu không bị mất" in error["message"]
    assert error["details"] == {"retry_after_seconds": 2}
    assert absent.tries >= 2  # it waited, trying again, before it gave up
    assert "database unavailable" in caplog.text
    assert "unhandled error" not in caplog.text  # one line, no traceback
    absent.refusals = 0
    assert answers_stored() == 0


def test_a_page_asked_for_while_the_database_is_away_says_so_in_vietnamese(
    app, client, monkeypatch
):
    app.config["DATABASE_WAIT_SECONDS"] = 0.2
    AbsentDatabase(monkeypatch, refusals=None)

    page = client.get("/")

    assert page.status_code == 503
    assert page.headers["Retry-After"] == "2"
    assert "những gì đã lưu không bị mất" in page.get_data(as_text=True)


def test_the_health_check_tells_at_once_instead_of_waiting(app, client, monkeypatch):
    app.config["DATABASE_WAIT_SECONDS"] = 30
    absent = AbsentDatabase(monkeypatch, refusals=None)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert absent.tries == 1


def test_a_connection_cut_during_a_save_is_a_503_and_the_save_is_not_stored(
    app, signed_in, candidate, monkeypatch
):
    attempt = started_attempt(signed_in, candidate)
    dbapi_error = db.engine.dialect.loaded_dbapi.OperationalError

    def cut(*_args, **_kwargs):
        raise OperationalError(
            "INSERT INTO answer …",
            {},
            dbapi_error("terminating connection due to administrator command"),
            connection_invalidated=True,
        )

    monkeypatch.setattr(answers, "_store", cut)

    response = save_first_option(signed_in, attempt)

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_unavailable"
    assert answers_stored() == 0


def dbapi_error(message: str) -> Exception:
    return db.engine.dialect.loaded_dbapi.OperationalError(message)


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (lambda: OperationalError(None, None, dbapi_error("connection refused")), True),
        (
            lambda: OperationalError(
                "SELECT 1", {}, dbapi_error("server closed"), connection_invalidated=True
            ),
            True,
        ),
        (lambda: OperationalError("UPDATE x", {}, dbapi_error("database is locked")), True),
        (lambda: InvalidatePoolError(), True),
        (lambda: OperationalError("SELECT nope", {}, dbapi_error("no such column: nope")), False),
        (lambda: IntegrityError("INSERT", {}, dbapi_error("UNIQUE constraint failed")), False),
        (lambda: ValueError("not the database"), False),
    ],
    ids=[
        "could not connect",
        "cut while in use",
        "sqlite locked past every wait",
        "pool emptied after a cut",
        "a wrong statement",
        "a broken constraint",
        "anything else",
    ],
)
def test_only_the_database_being_away_counts_as_an_outage(app, error, outage):
    assert is_outage(error()) is outage


def test_a_wrong_statement_is_still_the_bug_it_is(app, signed_in, candidate, monkeypatch):
    attempt = started_attempt(signed_in, candidate)

    def wrong(*_args, **_kwargs):
        raise OperationalError("SELECT nope", {}, dbapi_error("no such column: nope"))

    monkeypatch.setattr(answers, "_store", wrong)

    response = save_first_option(signed_in, attempt)

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"


def test_a_postgresql_server_that_does_not_answer_at_all_fails_a_connection_in_seconds():
    url = "postgresql+psycopg://postgres@10.255.255.1:5432/thiluat"

    default = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    chosen = create_app("testing", SQLALCHEMY_DATABASE_URI=f"{url}?connect_timeout=20")

    assert default.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"connect_timeout": 5}
    assert "connect_timeout" not in chosen.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
