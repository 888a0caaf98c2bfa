"""A database that is away for a moment (a restart, a failover): wait for it, then say so plainly.

When the database restarts, every request that needs a new connection meanwhile failed at
once with a 500 and a traceback, though the database was back a fraction of a second later.
Now opening a connection is tried again, with a growing pause, for up to
DATABASE_WAIT_SECONDS: a request that arrives during a short restart waits and is answered
as usual. Only if the database is still away after that (or a connection is cut in the middle
of a request, whose transaction the database then rolls back) does the request end, with
503 `database_unavailable`, Retry-After and a Vietnamese message, and one line in the log
instead of a traceback. SQLite's "database is locked", past every wait, is answered the same
way: busy, come back shortly. The health check does not wait: it is there to tell.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from flask import Flask, current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError

from contest.core.errors import ContestError, handle_contest_error, handle_unexpected
from contest.core.extensions import db

log = logging.getLogger(__name__)

# Pauses between two tries to connect: from the first to the most (seconds).
FIRST_PAUSE, MOST_PAUSE = 0.1, 1.0
# What a client is told to wait before trying again (seconds).
RETRY_AFTER_SECONDS = 2

_waiting = ContextVar("waiting_for_the_database", default=True)


class DatabaseUnavailable(ContestError):
    code = "database_unavailable"
    status = 503
    default_message = _l(
        "Hệ thống đang tạm gián đoạn trong giây lát; những gì đã lưu không bị mất. "
        "Vui lòng thử lại sau ít giây."
    )

    def __init__(self) -> None:
        super().__init__(details={"retry_after_seconds": RETRY_AFTER_SECONDS})
        self.retry_after = RETRY_AFTER_SECONDS


@contextmanager
def without_waiting() -> Iterator[None]:
    """Connect once, without waiting for an absent database (the health check)."""
    token = _waiting.set(False)
    try:
        yield
    finally:
        _waiting.reset(token)


def _wait_seconds(configured: float) -> float:
    if not _waiting.get():
        return 0.0
    if has_app_context():
        return float(current_app.config.get("DATABASE_WAIT_SECONDS", configured))
    return configured


def _connect_patiently(configured: float):
    def connect(dialect, _record, cargs, cparams):
        """Open a connection; while the database refuses, try again until the wait is over."""
        give_up_at = time.monotonic() + _wait_seconds(configured)
        pause = FIRST_PAUSE
        while True:
            try:
                return dialect.connect(*cargs, **cparams)
            except dialect.loaded_dbapi.OperationalError:
                if time.monotonic() + pause > give_up_at:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, MOST_PAUSE)

    return connect


def is_outage(error: BaseException) -> bool:
    """Whether the error says the database was out of reach, not that a statement was wrong.

    A connection that could not be opened (no statement), one cut while in use (SQLAlchemy
    invalidates it), a pool emptied after such a cut, or SQLite still locked past every wait.
    """
    from contest.core.database.transaction import is_locked_database

    if isinstance(error, DisconnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if isinstance(error, OperationalError):
        return error.statement is None or is_locked_database(error)
    return False


def _answer_outage(error: DBAPIError | DisconnectionError):
    if not is_outage(error):
        return handle_unexpected(error)
    with suppress(DBAPIError):  # the connection is gone: the session lets go of it regardless
        db.session.rollback()
    original = getattr(error, "orig", None) or error
    log.warning("database unavailable: %s", " ".join(str(original).split())[:300])
    return handle_contest_error(DatabaseUnavailable())


def listen(engine: Engine, configured: float) -> None:
    """Connections of this engine wait for their database (up to `configured` seconds)."""
    event.listen(engine, "do_connect", _connect_patiently(configured))


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, _answer_outage)
    app.register_error_handler(DisconnectionError, _answer_outage)
