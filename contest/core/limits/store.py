"""Rate-limit counters in a SQLite file: what the workers of one machine share without Redis.

The `limits` library (under Flask-Limiter) keeps counters in memory, Redis, Memcached or
MongoDB. Memory is per process: with gunicorn's workers each would count on its own, so a
limit of 5 would really be 5 × workers. This storage keeps them in a small SQLite file
(instance/ratelimits.sqlite3 by default), registered as the `sqlite:///PATH` storage URI.

A separate file, not the application's database: a counter is written on nearly every
request, and on SQLite the application's own writes must not queue behind them.
Increments are atomic (one write transaction, BEGIN IMMEDIATE, per increment); a counter that
has expired starts again from zero; expired rows are deleted every so often.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counters ("
    " key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at REAL NOT NULL)"
)
# Start the counter afresh when it has expired; otherwise add to it and keep its expiry.
INCREMENT = """
INSERT INTO counters (key, value, expires_at) VALUES (:key, :amount, :expires_at)
ON CONFLICT (key) DO UPDATE SET
    value = CASE WHEN counters.expires_at <= :now THEN excluded.value
                 ELSE counters.value + excluded.value END,
    expires_at = CASE WHEN counters.expires_at <= :now THEN excluded.expires_at
                      ELSE counters.expires_at END
RETURNING value
"""
# Every this many increments (per process), expired rows are removed.
CLEANUP_EVERY = 500
BUSY_TIMEOUT_SECONDS = 5.0


class SQLiteStorage(Storage):
    """Fixed-window counters in one SQLite file shared by every process that opens it."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.removeprefix("sqlite:///"))
        # Imported here: contest.core.extensions registers this storage before the database
        # package (which needs the extensions) can be imported.
        from contest.core.database.writer_lock import WAIT_SECONDS, writer_lock_for

        self._writer_lock, self._lock_wait = writer_lock_for(str(self.path)), WAIT_SECONDS
        self._local = threading.local()
        self._increments = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread and process: a connection never crosses a fork."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(SCHEMA)
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def _write(self, sql: str, parameters: dict | tuple = ()) -> list[tuple]:
        """Run one statement in its own write transaction, taken before reading (no upgrade).

        The writers of every worker queue on the file's writer lock first (as the database's
        do, contest/core/database/writer_lock.py), not in SQLite's busy handler, which sleeps
        a millisecond or more between looks at a lock held for microseconds.
        """
        connection = self._connection()
        lock = self._writer_lock
        taken = lock.acquire(self._lock_wait)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                rows = connection.execute(sql, parameters).fetchall()
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            if taken:
                lock.release()
        return rows

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` to the counter; a new or expired counter lives `expiry` seconds."""
        now = time.time()
        parameters = {"key": key, "amount": amount, "expires_at": now + expiry, "now": now}
        value = self._write(INCREMENT, parameters)[0][0]
        self._increments += 1
        if self._increments % CLEANUP_EVERY == 0:
            self.cleanup()
        return value

    def _row(self, key: str) -> tuple[int, float] | None:
        row = (
            self._connection()
            .execute("SELECT value, expires_at FROM counters WHERE key = ?", (key,))
            .fetchone()
        )
        return row if row and row[1] > time.time() else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def clear(self, key: str) -> None:
        self._write("DELETE FROM counters WHERE key = ?", (key,))

    def cleanup(self) -> int:
        """Delete the counters that have expired; returns how many."""
        return len(
            self._write("DELETE FROM counters WHERE expires_at <= ? RETURNING key", (time.time(),))
        )

    def reset(self) -> int:
        return len(self._write("DELETE FROM counters RETURNING key"))

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True
