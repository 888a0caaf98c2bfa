"""Database wiring: SQLite in WAL mode with a busy timeout and foreign keys; PostgreSQL as is.

On SQLite the driver's own transaction handling is switched off and SQLAlchemy begins every
transaction itself, so that savepoints and reads inside a transaction behave as on PostgreSQL.
A transaction that will write (the view of any request but GET/HEAD/OPTIONS, and every
command's unit of work) begins IMMEDIATE: it waits its turn for the write lock up front, under
the busy timeout, instead of failing with "database is locked" when it first writes after
another writer. Before that it takes the file's writer lock (writer_lock.py), so that writers
queue in the kernel and each enters as soon as the one before it commits.

SQLite has one writer at a time, so a writing request holds the lock only for its view's own
work: what runs before its view (signing the user in, from the session or a token) reads
without a transaction, a statement at a time, and what runs after the view's commit (the
access log, the cookie) only reads. Everything else in a request, Python's share of it, then
runs beside the other processes' writers instead of behind them.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event, make_url, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm.attributes import set_committed_value

from contest.core.database import outage
from contest.core.database.writer_lock import LockingConnection, writer_lock_for
from contest.core.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_SECONDS = 5


READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")
# Set by a command's unit of work (or a page that writes on GET): its transactions will write.
writing = ContextVar("writing", default=False)
# Set for a request answered without writing whatever its method (a start told to wait its
# turn): it reads under a plain BEGIN and never queues for the write lock.
reading_only = ContextVar("reading_only", default=False)


def _configure_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see _begin_sqlite)
    cursor = dbapi_connection.cursor()
    # The busy timeout first, so that even these pragmas wait for another process (workers
    # starting together); WAL is switched on once, by the first connection that finds it off.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def transaction_writes() -> bool:
    """Whether the current request or command runs a transaction that will write.

    A request writes only inside its view (`in_view`, set by the transactional wrapper): its
    sign-in before and its logging after read, whatever the method.
    """
    if reading_only.get():
        return False
    if writing.get():
        return True
    return (
        has_request_context()
        and request_writes()
        and g.get("in_view", False)
        and not g.get("reading_first", False)
    )


def request_writes() -> bool:
    """Whether this request's view is one that writes (by its method, or told so)."""
    return not reading_only.get() and (writing.get() or request.method not in READ_ONLY_METHODS)


def end_reading() -> None:
    """On SQLite, end the request's reading transaction before its view's writing one begins.

    A transaction that has read cannot become a writer once another writer has committed since
    (SQLite refuses at once), so the view begins afresh; what was read stays loaded (not
    expired: it was only read). A change made while reading could not be written by a reader:
    it must be written aside (`note_aside`), and is refused here so that none goes unnoticed.
    (A request told to write from the start, a GET that starts an attempt, writes as it goes.)
    """
    if not is_sqlite():
        return
    session = db.session()
    if not session.in_transaction():
        return
    if (session.new or session.dirty or session.deleted) and not transaction_writes():
        raise RuntimeError("a change was made before the view; use note_aside for it")
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def reads_first(view):
    """Mark a view whose service reads much before it writes (a start: the round, the entry,
    the earlier attempts, the draw): on SQLite it reads beside the other writers and takes the
    write lock only at `begin_writing`. What it read may have changed by then, as on
    PostgreSQL: its writes must be guarded by the database (unique indexes, row checks)."""
    view.reads_first = True
    return view


def begin_writing() -> None:
    """The view's writes begin here: on SQLite, end its reading and write in a new transaction.

    Anywhere else (PostgreSQL, a view not marked `reads_first`, a second call, a view run
    again as a writer from the start) nothing happens.
    """
    if has_request_context() and g.get("reading_first", False):
        if not writing.get():
            end_reading()
        g.reading_first = False


def note_aside(record, **values) -> None:
    """Note a small fact about a row read for this request (a session seen, a token used).

    Inside a view that writes on SQLite, with the request's work (its transaction holds the
    write lock, which a second connection would wait for); otherwise in a short transaction of
    its own, so that a reading request or a sign-in never turns into a writer.
    """
    if is_sqlite() and transaction_writes():
        for name, value in values.items():
            setattr(record, name, value)
        return
    model = type(record)
    token = writing.set(True)
    try:
        with db.engine.begin() as connection:
            connection.execute(update(model).where(model.id == record.id).values(**values))
    finally:
        writing.reset(token)
    for name, value in values.items():
        set_committed_value(record, name, value)


def _begin_sqlite(connection) -> None:
    if not transaction_writes():
        if not _signing_in_before_a_writing_view():
            connection.exec_driver_sql("BEGIN")
        return
    raw = connection.connection.dbapi_connection
    locking = isinstance(raw, LockingConnection)
    if locking:
        raw.take_writer_lock()
    try:
        # Through SQLAlchemy, so that a failure is its OperationalError, as callers expect.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if locking:
            raw.let_go()
        raise


def _signing_in_before_a_writing_view() -> bool:
    """Whether this is the sign-in (or another check) before a writing view begins.

    It reads a row or two that no other read of its own must agree with, so on SQLite it reads
    without a transaction (each statement is one): a save no longer spends a BEGIN and a
    COMMIT on signing its candidate in. Only before a view that runs in a transaction of its
    own (`transactional`, which then begins one), and never after it began (`in_view` set).
    """
    if not has_request_context() or not request_writes() or g.get("in_view") is not None:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "transactional", False)


def init_app(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
            Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "factory": LockingConnection,
            },
        }
    else:
        options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        connect_args = dict(options.get("connect_args", {}))
        if "connect_timeout" not in make_url(uri).query:
            # A server that does not answer at all (a host down, a partition) fails a connection
            # after this long, not the system's minutes: then the wait for it (outage.py) decides.
            connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_SECONDS)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **options,
            "connect_args": connect_args,
        }
    db.init_app(app)
    outage.init_app(app)
    with app.app_context():
        outage.listen(db.engine, app.config["DATABASE_WAIT_SECONDS"])
        if uri.startswith("sqlite"):
            event.listen(db.engine, "connect", _configure_sqlite)
            event.listen(db.engine, "begin", _begin_sqlite)


def is_sqlite(engine: Engine | None = None) -> bool:
    return (engine or db.engine).dialect.name == "sqlite"


def holds_sqlite_write_lock() -> bool:
    """Whether this thread is inside a write transaction of the SQLite database (it holds the
    writer lock): another connection of the same thread could not write before it ends."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return False
    lock = writer_lock_for(url.database or "")
    return lock is not None and lock.held_here()
