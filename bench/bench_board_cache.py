"""A public leaderboard page with and without the shared cache, in the same run.

    python -m bench board_cache                                   # SQLite, cache in memory
    BENCH_REDIS_URL=redis://127.0.0.1:6379/0 python -m bench board_cache   # cache in Redis
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        BENCH_REDIS_URL=… python -m bench board_cache             # and PostgreSQL (throwaway)
    BENCH_SCRATCH_DATABASE_URL=postgresql+psycopg://…/scratch \\
        BENCH_REDIS_URL=… python -m bench board_cache             # or in a scratch database
                                                                  # (its schema is rebuilt)

A closed round of 20,000 ranked candidates (its snapshot built), read by anonymous visitors
through the app (Flask's test client: no network, one process): the first page of the board,
a page deep in it, and the public feed; each timed REPEATS times with CACHE_BACKEND=none and
with the cache, request by request in turn, against GET /healthz in the same run. Keys go
under a prefix of their own in Redis and are removed afterwards.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, insert, text

from bench.databases import throwaway_postgres

CANDIDATES = 20_000
REPEATS = 200
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _seed(db) -> tuple[int, str]:
    """A published contest with one closed round of CANDIDATES submitted attempts."""
    from contest.accounts.models import User
    from contest.attempts.models import Attempt
    from contest.ranking.snapshots.build import rebuild_snapshot
    from contest.rounds.models import Contest, ContestStatus, Round

    contest = Contest(slug="bench-board", title="Bench", status=ContestStatus.PUBLISHED)
    round_ = Round(
        contest=contest,
        name="Tuần 1",
        opens_at=NOW - timedelta(days=7),
        closes_at=NOW - timedelta(hours=1),
        time_limit_seconds=1200,
        announced_at=NOW - timedelta(days=8),
    )
    db.session.add(round_)
    db.session.flush()
    db.session.execute(
        insert(User),
        [
            {
                "role": "candidate",
                "full_name": f"Nguyễn Văn {i}",
                "phone": f"09{i:08d}",
                "password_hash": "x",
                "active": True,
                "created_at": NOW - timedelta(days=30),
            }
            for i in range(CANDIDATES)
        ],
    )
    started = NOW - timedelta(days=2)
    db.session.execute(
        insert(Attempt),
        [
            {
                "round_id": round_.id,
                "user_id": i + 1,
                "number": 1,
                "status": "submitted",
                "seed": i + 1,
                "started_at": started,
                "deadline": started + timedelta(minutes=20),
                "submitted_at": started + timedelta(seconds=300 + i % 600),
                "finalized_at": started + timedelta(seconds=300 + i % 600),
                "score": float(i % 13),
                "max_score": 12.0,
                "correct_count": i % 13,
                "duration_ms": 300_000 + (i % 600) * 1000,
            }
            for i in range(CANDIDATES)
        ],
    )
    rebuild_snapshot(round_, now=NOW)
    db.session.commit()
    return round_.id, contest.slug


def _timed(runs: dict[str, tuple], url: str) -> dict[str, tuple[float, float, float]]:
    """Per mode: p50 and p95 in ms over REPEATS requests (after a warm-up), and statements per
    request. The modes take turns request by request, so the machine's other load falls on
    both alike."""
    samples: dict[str, list[float]] = {mode: [] for mode in runs}
    statements: dict[str, list[str]] = {mode: [] for mode in runs}
    listeners = {}
    for mode, (client, engine) in runs.items():
        assert client.get(url).status_code == 200  # noqa: S101 - a benchmark of a working page
        listeners[mode] = lambda _c, _cur, statement, *_a, seen=statements[mode]: seen.append(
            statement
        )
        event.listen(engine, "before_cursor_execute", listeners[mode])
    for _ in range(REPEATS):
        for mode, (client, _engine) in runs.items():
            started = time.perf_counter()
            client.get(url)
            samples[mode].append((time.perf_counter() - started) * 1000)
    for mode, (_client, engine) in runs.items():
        event.remove(engine, "before_cursor_execute", listeners[mode])
    return {mode: _summary(samples[mode], len(statements[mode])) for mode in runs}


def _summary(samples: list[float], statements: int) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[round(0.95 * (len(ordered) - 1))]
    return statistics.median(ordered), p95, statements / len(samples)


def _bench(url: str, label: str, cache_settings: dict) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.core import clock
    from contest.core.extensions import db

    clock.set_now(NOW)
    seed_app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with seed_app.app_context():
        upgrade()
        round_id, slug = _seed(db)
        db.engine.dispose()
    pages = [
        ("GET /healthz (ceiling)", "/healthz"),
        ("leaderboard, page 1", f"/rounds/{round_id}/leaderboard"),
        ("leaderboard, page 200", f"/rounds/{round_id}/leaderboard?page=200"),
        ("feed (API, top 10)", f"/api/v1/public/contests/{slug}/feed"),
    ]
    runs = {}
    for mode, settings in (("no cache", {"CACHE_BACKEND": "none"}), ("cache", cache_settings)):
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **settings)
        with app.app_context():
            runs[mode] = (app.test_client(), db.engine)
    timed = {name: _timed(runs, path) for name, path in pages}
    results = {mode: {name: timed[name][mode] for name, _path in pages} for mode in runs}
    for _client, engine in runs.values():
        engine.dispose()
    backend = cache_settings["CACHE_BACKEND"]
    print(f"{label}, {CANDIDATES:,} ranked, cache in {backend}; ms over {REPEATS} requests")
    header = f"{'page':<24} {'no cache p50/p95':>17} {'SQL':>4} {'cache p50/p95':>14} {'SQL':>4}"
    print(f"{header} {'÷ cached':>9} {'cached ÷ ceiling':>17}")
    ceiling = results["cache"]["GET /healthz (ceiling)"][0]
    for name, _path in pages:
        (p50, p95, sql), (c50, c95, csql) = results["no cache"][name], results["cache"][name]
        print(
            f"{name:<24} {p50:>8.2f}/{p95:<8.2f} {sql:>4.0f} {c50:>6.2f}/{c95:<7.2f} {csql:>4.0f}"
            f" {p50 / c50:>9.1f} {c50 / ceiling:>17.1f}"
        )
    clock.set_now(None)


def _cache_settings() -> tuple[dict, Callable[[], None]]:
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if not redis_url:
        return {"CACHE_BACKEND": "memory"}, lambda: None
    import redis

    prefix = f"thiluat-bench:{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(redis_url)

    def cleanup() -> None:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)

    settings = {"CACHE_BACKEND": "redis", "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix}
    return settings, cleanup


def _empty_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str]) -> int:
    """SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set."""
    settings, cleanup = _cache_settings()
    try:
        with tempfile.TemporaryDirectory(prefix="thiluat-bench-") as folder:
            _bench(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", "SQLite", settings)
        server_url = os.environ.get("BENCH_DATABASE_URL")
        scratch_url = os.environ.get("BENCH_SCRATCH_DATABASE_URL")
        if server_url:
            with throwaway_postgres(server_url, "thiluat_bench_board") as url:
                _bench(url, "PostgreSQL", settings)
        elif scratch_url:
            _empty_schema(scratch_url)
            _bench(scratch_url, "PostgreSQL", settings)
            _empty_schema(scratch_url)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
