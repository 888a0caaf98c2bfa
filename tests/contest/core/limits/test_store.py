"""The SQLite file that keeps rate-limit counters for every worker of one machine."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time

import pytest
from limits.storage import storage_from_string

from contest.core.database.writer_lock import writer_lock_for
from contest.core.limits import store as limit_store
from contest.core.limits.store import SQLiteStorage


@pytest.fixture
def uri(tmp_path):
    return f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}"


class StoppedTime:
    """The storage's clock, moved by hand (the counters follow real time, not the platform's)."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def later(monkeypatch):
    stopped = StoppedTime()
    monkeypatch.setattr(limit_store, "time", stopped)

    def move(seconds: float) -> None:
        stopped.now += seconds

    return move


def test_the_sqlite_uri_names_this_storage(uri, tmp_path):
    store = storage_from_string(uri)
    assert isinstance(store, SQLiteStorage)
    store.incr("k", 60)
    assert (tmp_path / "ratelimits.sqlite3").exists()


def test_increments_add_up_and_keep_the_first_expiry(uri, later):
    store = SQLiteStorage(uri)
    started = limit_store.time.time()
    assert [store.incr("sign-in", 60) for _ in range(3)] == [1, 2, 3]
    later(30)
    assert store.incr("sign-in", 600, amount=5) == 8
    assert store.get("sign-in") == 8
    assert store.get_expiry("sign-in") == started + 60


def test_an_expired_counter_starts_again_from_zero(uri, later):
    store = SQLiteStorage(uri)
    store.incr("k", 60, amount=7)
    later(60)
    assert store.get("k") == 0
    assert store.incr("k", 60) == 1


def test_clear_reset_and_cleanup(uri, later):
    store = SQLiteStorage(uri)
    store.incr("old", 10)
    later(10)
    store.incr("a", 60)
    store.incr("b", 60)
    store.clear("a")
    assert (store.get("a"), store.get("b")) == (0, 1)
    assert store.cleanup() == 1
    assert store.reset() == 1
    assert store.get("b") == 0
    assert store.check() is True


def test_two_instances_of_the_storage_share_their_counters(uri):
    first, second = SQLiteStorage(uri), SQLiteStorage(uri)
    first.incr("k", 60)
    second.incr("k", 60)
    assert first.get("k") == second.get("k") == 2


def _hammer(uri: str, times: int) -> None:
    store = SQLiteStorage(uri)
    for _ in range(times):
        store.incr("shared", 60)


def test_processes_incrementing_at_once_lose_no_increment(uri):
    SQLiteStorage(uri).incr("warm-up", 60)  # the parent's connection must not cross the fork
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(uri, 150)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert SQLiteStorage(uri).get("shared") == 600


def test_expired_rows_are_deleted_as_counters_are_written(uri, later, monkeypatch):
    monkeypatch.setattr(limit_store, "CLEANUP_EVERY", 3)
    store = SQLiteStorage(uri)
    store.incr("old", 10)
    later(10)
    store.incr("a", 60)
    store.incr("a", 60)
    rows = store._connection().execute("SELECT key FROM counters").fetchall()
    assert rows == [("a",)]


def test_an_increment_waits_for_the_writer_before_it_instead_of_failing(uri, monkeypatch):
    """Writers queue on the file's writer lock: SQLite's own wait (made 0 here) is never met."""
    monkeypatch.setattr(limit_store, "BUSY_TIMEOUT_SECONDS", 0)
    store = SQLiteStorage(uri)
    store.incr("warm-up", 60)  # the file and its table exist
    holding, errors = threading.Event(), []

    def another_worker_writing():
        lock = writer_lock_for(str(store.path))
        lock.acquire(5)
        connection = sqlite3.connect(store.path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE counters SET value = value + 1 WHERE key = 'warm-up'")
        holding.set()
        time.sleep(0.3)
        connection.execute("COMMIT")
        connection.close()
        lock.release()

    writer = threading.Thread(target=another_worker_writing)
    writer.start()
    holding.wait(5)
    try:
        assert store.incr("candidate:1", 60) == 1
    except sqlite3.OperationalError as error:  # "database is locked"
        errors.append(error)
    writer.join(5)

    assert errors == []
    assert store.get("warm-up") == 2
