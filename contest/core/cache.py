"""A cache every worker and node shares (Redis when REDIS_URL is set), for the public boards.

Entries are JSON, grouped in scopes ("round:7", "contest:2"), each with a version number: a
change to a scope's data calls `invalidate(scope)`, which moves the scope to a new version once
the transaction commits, so no reader is served an entry from before the change, on any node.
Entries of old versions are never read again and expire after CACHE_SECONDS.

CACHE_BACKEND: "redis" (the default when REDIS_URL is set), "none" (the default without it:
each worker would otherwise keep its own copy that another worker's change cannot reach), or
"memory" (one process: development, tests). Redis being away is a miss, never an error.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from contest.core.extensions import db

PREFIX = "thiluat:cache:"
_PENDING = "cache_invalidations"


class Backend(Protocol):
    """Strings by key, with a lifetime; counters for the versions."""

    def get_many(self, keys: list[str]) -> list[str | None]: ...
    def set(self, key: str, value: str, seconds: int) -> None: ...
    def incr(self, key: str) -> None: ...


class NoCache:
    """Nothing is kept: every read is a miss."""

    def get_many(self, keys: list[str]) -> list[str | None]:
        return [None] * len(keys)

    def set(self, key: str, value: str, seconds: int) -> None:
        return None

    def incr(self, key: str) -> None:
        return None


class MemoryCache:
    """One process's dictionary (what a single-process server or a test needs)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: list[str]) -> list[str | None]:
        now = time.monotonic()
        with self._lock:
            found = [self._data.get(key) for key in keys]
        return [entry[1] if entry and entry[0] > now else None for entry in found]

    def set(self, key: str, value: str, seconds: int) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + seconds, value)

    def incr(self, key: str) -> None:
        with self._lock:
            _expiry, value = self._data.get(key, (0.0, "0"))
            self._data[key] = (float("inf"), str(int(value) + 1))


class RedisCache:
    """Redis, shared by every worker and node; an unreachable Redis counts as a miss."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, decode_responses=True)

    def get_many(self, keys: list[str]) -> list[str | None]:
        try:
            return self.client.mget(keys)
        except redis.RedisError:
            current_app.logger.warning("cache: Redis unreachable, reading from the database")
            return [None] * len(keys)

    def set(self, key: str, value: str, seconds: int) -> None:
        try:
            self.client.set(key, value, ex=seconds)
        except redis.RedisError:
            current_app.logger.warning("cache: Redis unreachable, entry not kept")

    def incr(self, key: str) -> None:
        # Logged as an error: until the old entries expire (CACHE_SECONDS) readers may be
        # served the board as it was before the change.
        try:
            self.client.incr(key)
        except redis.RedisError:
            current_app.logger.exception("cache: could not invalidate %s", key)


def backend_for(config: dict) -> Backend:
    """The backend the configuration names."""
    kind = config.get("CACHE_BACKEND") or ("redis" if config.get("REDIS_URL") else "none")
    if kind == "redis":
        if not config.get("REDIS_URL"):
            raise RuntimeError("CACHE_BACKEND=redis needs REDIS_URL")
        return RedisCache(config["REDIS_URL"])
    if kind == "memory":
        return MemoryCache()
    if kind == "none":
        return NoCache()
    raise RuntimeError(f"CACHE_BACKEND must be redis, memory or none, not {kind!r}")


def backend() -> Backend:
    return current_app.extensions["shared_cache"]


EVERYTHING = "everything"


def _prefix() -> str:
    return current_app.config.get("CACHE_KEY_PREFIX") or PREFIX


def _version_key(scope: str) -> str:
    return f"{_prefix()}version:{scope}"


def round_scopes(round_id: int, contest_id: int) -> tuple[str, str]:
    """The scopes a round's change touches: its own boards, and its contest's pages."""
    return f"round:{round_id}", f"contest:{contest_id}"


@dataclass
class Slot:
    """A cache entry looked up: its value (None on a miss), and how to fill it on a miss."""

    scope: str
    key: str
    value: Any

    def fill(self, value: Any, seconds: int | None = None) -> Any:
        """Keep the value read from the database (at most `seconds`, else CACHE_SECONDS),
        unless this transaction changes the scope (what it read may never be committed)."""
        pending = db.session.info.get(_PENDING, set())
        if self.scope not in pending and EVERYTHING not in pending:
            seconds = min(seconds or 10**9, current_app.config.get("CACHE_SECONDS", 300))
            backend().set(self.key, json.dumps(value, separators=(",", ":")), seconds)
        return value


def lookup(scope: str, *parts: object) -> Slot:
    """The entry of `scope` named by `parts`, at the scope's (and the whole cache's) version.

    The versions are read before the database is, so an entry filled from data older than a
    change is always stored under a version the change has already left behind.
    """
    versions = backend().get_many([_version_key(EVERYTHING), _version_key(scope)])
    epoch, version = (value or 0 for value in versions)
    key = f"{_prefix()}{scope}:v{epoch}.{version}:" + ":".join(str(part) for part in parts)
    (raw,) = backend().get_many([key])
    return Slot(scope, key, None if raw is None else json.loads(raw))


def remember(
    scope: str, parts: tuple, compute: Callable[[], Any], seconds: int | None = None
) -> Any:
    """The cached value, or `compute()`'s (JSON-able), kept for the next reader."""
    slot = lookup(scope, *parts)
    return slot.value if slot.value is not None else slot.fill(compute(), seconds)


def invalidate(*scopes: str) -> None:
    """Move these scopes to a new version when the current transaction commits."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before any SQL, forgets them
    db.session.info.setdefault(_PENDING, set()).update(scopes)


def invalidate_round(round_id: int, contest_id: int) -> None:
    """After a change to what a round's public pages show (its board, results, winners)."""
    invalidate(*round_scopes(round_id, contest_id))


def invalidate_everything() -> None:
    """After a change that any entry may hold (a candidate's name erased)."""
    invalidate(EVERYTHING)


def _after_commit(session: Session) -> None:
    for scope in session.info.pop(_PENDING, ()):
        backend().incr(_version_key(scope))


def _after_rollback(session: Session, _previous) -> None:
    if not session.in_transaction():  # the whole transaction, not a savepoint, is undone
        session.info.pop(_PENDING, None)


def init_app(app: Flask) -> None:
    app.extensions["shared_cache"] = backend_for(app.config)
    if not getattr(init_app, "listening", False):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
        init_app.listening = True
