"""SQLite's writers queue on a lock of their own: each enters when the one before it ends,
whether it is another thread of the worker or another worker process, and never meets
"database is locked" even when SQLite itself would not wait at all."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from sqlalchemy import text

from contest import create_app
from contest.core import database
from contest.core.database.transaction import unit_of_work
from contest.core.database.writer_lock import WriterLock, writer_lock_for
from contest.core.extensions import db
from tests.conftest import is_postgres

pytestmark = pytest.mark.skipif(is_postgres(), reason="SQLite's write lock")

HOLD_SECONDS = 0.3


@pytest.fixture
def sqlite_file(tmp_path, monkeypatch):
    """A file database whose connections do not wait at all in SQLite's own busy handler."""
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 0)
    url = f"sqlite:///{tmp_path / 'writers.sqlite3'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context(), unit_of_work():
        db.session.execute(text("CREATE TABLE written (who TEXT)"))
    return app


def _write(app, who: str, hold: float = 0.0, started: threading.Event | None = None) -> None:
    with app.app_context():
        with unit_of_work():
            db.session.execute(text("INSERT INTO written VALUES (:who)"), {"who": who})
            if started is not None:
                started.set()
            time.sleep(hold)
        db.session.remove()


def _rows(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(text("SELECT who FROM written ORDER BY rowid")))


def test_a_second_thread_waits_for_the_first_writer_instead_of_failing(sqlite_file):
    started, errors = threading.Event(), []

    def first():
        _write(sqlite_file, "first", HOLD_SECONDS, started)

    def second():
        started.wait(5)
        try:
            _write(sqlite_file, "second")
        except Exception as error:  # noqa: BLE001 - the failure this test looks for
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert _rows(sqlite_file) == ["first", "second"]


def _hold_in_another_process(url: str, ready, hold: float) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    database.SQLITE_BUSY_TIMEOUT_MS = 0
    with app.app_context(), unit_of_work():
        db.session.execute(text("INSERT INTO written VALUES ('other process')"))
        ready.set()
        time.sleep(hold)


def test_a_writer_waits_for_another_processes_writer_instead_of_failing(sqlite_file):
    url = sqlite_file.config["SQLALCHEMY_DATABASE_URI"]
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    other = context.Process(target=_hold_in_another_process, args=(url, ready, HOLD_SECONDS))
    other.start()
    try:
        assert ready.wait(20)
        _write(sqlite_file, "this process")
    finally:
        other.join(20)
    assert other.exitcode == 0
    assert _rows(sqlite_file) == ["other process", "this process"]


def test_the_lock_is_let_go_when_the_transaction_ends_either_way(sqlite_file):
    path = sqlite_file.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    lock = writer_lock_for(path)
    owners = []

    def failing_command():
        with unit_of_work():
            db.session.execute(text("INSERT INTO written VALUES ('undone')"))
            owners.append(lock._owner)
            raise RuntimeError("the command failed")

    with sqlite_file.app_context():
        with pytest.raises(RuntimeError):
            failing_command()
        assert owners == [threading.get_ident()]
        assert lock._owner is None
        with unit_of_work():
            db.session.execute(text("INSERT INTO written VALUES ('kept')"))
        assert lock._owner is None
    assert _rows(sqlite_file) == ["kept"]


def test_a_reading_transaction_takes_no_writer_lock(sqlite_file):
    path = sqlite_file.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    lock = writer_lock_for(path)
    with sqlite_file.app_context():
        db.session.execute(text("SELECT count(*) FROM written")).scalar()
        assert lock._owner is None
        db.session.rollback()


def test_the_lock_is_reentrant_in_its_thread_and_exclusive_across_threads(tmp_path):
    lock = WriterLock(str(tmp_path / "x.lock"))
    assert lock.acquire(1)
    assert lock.acquire(1)
    outside: list[bool] = []
    thread = threading.Thread(target=lambda: outside.append(lock.acquire(0.05)))
    thread.start()
    thread.join()
    assert outside == [False]
    lock.release()
    lock.release()
    thread = threading.Thread(target=lambda: outside.append(lock.acquire(1)))
    thread.start()
    thread.join()
    assert outside == [False, True]
