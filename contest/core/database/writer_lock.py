"""One writer at a time on a SQLite file, queued in the kernel rather than by SQLite's sleeps.

SQLite lets one connection write at a time. A writer that finds the lock taken waits in
SQLite's busy handler, which sleeps and looks again (1, 2, 5 … up to 100 ms between looks):
under a deadline rush, with every worker thread of two processes writing, a save could sleep
through many releases and wait hundreds of milliseconds behind writes of one millisecond.
Here a transaction that will write first takes a lock of its own: a thread lock for the
threads of one process, then an advisory `flock` on a file beside the database for the
processes of the machine. Whoever waits is woken when the lock is let go, and only then
begins IMMEDIATE (which then finds SQLite's lock free).

The lock is re-entrant in its thread: a second connection of the same thread (the progress
reports of a long operation) takes it again and meets SQLite's own lock, as before. Waiting is
bounded (WAIT_SECONDS): past it the transaction goes on and SQLite's own wait decides.
A process that dies lets go of its `flock` with its file.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

# How long a transaction waits for the lock before going on to SQLite's own wait (seconds):
# longer than SQLite's busy timeout, since the writers queue here, not there.
WAIT_SECONDS = 10.0
# How often a process waiting for another process's writer looks again (seconds).
_POLL_FIRST, _POLL_MOST = 0.0002, 0.002


class WriterLock:
    """Re-entrant per thread; shared by the threads of a process and the processes of a machine."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._fd: int | None = None
        self._pid: int | None = None

    def _file(self) -> int:
        """The lock file, opened once per process (a descriptor is never shared across a fork)."""
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` seconds; False when it could not be had in time."""
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return True
        deadline = time.monotonic() + timeout
        if not self._mutex.acquire(timeout=timeout):
            return False
        try:
            if not self._lock_file(deadline):
                self._mutex.release()
                return False
        except BaseException:
            self._mutex.release()
            raise
        self._owner, self._depth = me, 1
        return True

    def _lock_file(self, deadline: float) -> bool:
        fd, pause = self._file(), _POLL_FIRST
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, _POLL_MOST)

    def held_here(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()

    def release(self) -> None:
        """Let go once; the last release of the owning thread frees it for the others."""
        if self._owner != threading.get_ident():
            return
        self._depth -= 1
        if self._depth:
            return
        self._owner = None
        fcntl.flock(self._file(), fcntl.LOCK_UN)
        self._mutex.release()


_LOCKS: dict[str, WriterLock] = {}
_LOCKS_GUARD = threading.Lock()


def writer_lock_for(database: str) -> WriterLock | None:
    """The lock of a database file (one per file and process); None for a memory database."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.abspath(database)
    with _LOCKS_GUARD:
        lock = _LOCKS.get(path)
        if lock is None:
            lock = _LOCKS[path] = WriterLock(f"{path}-writer.lock")
        return lock


class LockingConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions hold the file's WriterLock until they end."""

    def __init__(self, database, *args, **kwargs) -> None:
        super().__init__(database, *args, **kwargs)
        self._writer_lock = writer_lock_for(os.fsdecode(database))
        self._holds_writer_lock = False

    def take_writer_lock(self) -> None:
        """Wait for the writer lock before BEGIN IMMEDIATE (SQLite's lock is then free)."""
        if self._writer_lock is not None and not self._holds_writer_lock:
            self._holds_writer_lock = self._writer_lock.acquire(WAIT_SECONDS)

    def let_go(self) -> None:
        """Release the writer lock now (a BEGIN that failed); ending a transaction does it too."""
        self._let_go()

    def _let_go(self) -> None:
        if self._holds_writer_lock:
            self._holds_writer_lock = False
            self._writer_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._let_go()
