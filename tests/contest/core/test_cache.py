"""The shared cache: entries by scope and version, moved on only when a change commits."""

from __future__ import annotations

import pytest

from contest.core import cache
from contest.core.extensions import db


@pytest.fixture(params=["memory", "redis"])
def shared(request, app, monkeypatch):
    """The app's cache, in process memory or in Redis."""
    if request.param == "redis":
        settings = request.getfixturevalue("redis_cache")
        backend = cache.RedisCache(settings["REDIS_URL"])
        monkeypatch.setitem(app.config, "CACHE_KEY_PREFIX", settings["CACHE_KEY_PREFIX"])
    else:
        backend = cache.MemoryCache()
    monkeypatch.setitem(app.extensions, "shared_cache", backend)
    return backend


def test_a_filled_entry_is_served_to_the_next_reader(shared):
    assert cache.lookup("round:1", "board", 0).value is None
    cache.lookup("round:1", "board", 0).fill({"lines": [1, 2]})

    assert cache.lookup("round:1", "board", 0).value == {"lines": [1, 2]}
    assert cache.lookup("round:1", "board", 50).value is None


def test_remember_computes_once(shared):
    calls = []

    def compute():
        calls.append(1)
        return [len(calls)]

    assert cache.remember("round:1", ("feed",), compute) == [1]
    assert cache.remember("round:1", ("feed",), compute) == [1]
    assert len(calls) == 1


def test_an_invalidation_takes_effect_when_the_transaction_commits(shared):
    cache.lookup("round:1", "board").fill("before")
    cache.lookup("round:2", "board").fill("other round")

    cache.invalidate_round(1, 9)
    assert cache.lookup("round:1", "board").value == "before"  # not committed yet
    db.session.commit()

    assert cache.lookup("round:1", "board").value is None
    assert cache.lookup("round:2", "board").value == "other round"


def test_a_rolled_back_change_invalidates_nothing(shared):
    cache.lookup("round:1", "board").fill("kept")

    cache.invalidate_round(1, 9)
    db.session.rollback()
    db.session.commit()

    assert cache.lookup("round:1", "board").value == "kept"


def test_a_transaction_that_changes_a_scope_does_not_fill_it(shared):
    cache.invalidate("round:1")
    cache.lookup("round:1", "board").fill("uncommitted")
    db.session.rollback()

    assert cache.lookup("round:1", "board").value is None


def test_invalidating_everything_reaches_every_scope(shared):
    cache.lookup("round:1", "board").fill("a")
    cache.lookup("contest:2", "board").fill("b")

    cache.invalidate_everything()
    db.session.commit()

    assert cache.lookup("round:1", "board").value is None
    assert cache.lookup("contest:2", "board").value is None


def test_without_a_cache_every_read_is_a_miss(app, monkeypatch):
    monkeypatch.setitem(app.extensions, "shared_cache", cache.NoCache())
    cache.lookup("round:1", "board").fill("x")

    assert cache.lookup("round:1", "board").value is None


def test_an_unreachable_redis_is_a_miss_not_an_error(app, monkeypatch):
    monkeypatch.setitem(app.extensions, "shared_cache", cache.RedisCache("redis://127.0.0.1:9/0"))

    cache.lookup("round:1", "board").fill("x")
    cache.invalidate("round:1")
    db.session.commit()

    assert cache.lookup("round:1", "board").value is None


def test_the_backend_follows_the_configuration():
    redis_url = "redis://127.0.0.1:6379/4"
    assert isinstance(cache.backend_for({"REDIS_URL": redis_url}), cache.RedisCache)
    assert isinstance(cache.backend_for({}), cache.NoCache)
    assert isinstance(cache.backend_for({"CACHE_BACKEND": "memory"}), cache.MemoryCache)
    with pytest.raises(RuntimeError, match="needs REDIS_URL"):
        cache.backend_for({"CACHE_BACKEND": "redis"})
    with pytest.raises(RuntimeError, match="CACHE_BACKEND must be"):
        cache.backend_for({"CACHE_BACKEND": "memcached"})
