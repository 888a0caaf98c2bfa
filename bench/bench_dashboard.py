"""Round dashboard at 100,000 attempts: each aggregate query against `SELECT count(*) FROM attempt`.

    python -m bench dashboard          # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        python -m bench dashboard      # and PostgreSQL

On PostgreSQL a throwaway database (thiluat_bench_<pid>) is created next to the one named in
BENCH_DATABASE_URL and dropped afterwards; nothing in that database is touched.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bench.databases import throwaway_postgres

ATTEMPTS = 100_000
OTHER_ROUND_ATTEMPTS = 20_000
CANDIDATES = 25_000
UNITS, LOCALITIES = 60, 40
REPEATS = 15
NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


def _measure(run: Callable[[], object]) -> tuple[float, float]:
    run()  # warm the caches once
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def _seed(db) -> int:
    """Organizations, candidates, a contest with two rounds and their attempts; the round id."""
    from contest.accounts.models import Organization, User
    from contest.attempts.models import Attempt
    from contest.rounds.models import Contest, Round

    rng = random.Random(2026)
    session = db.session
    session.execute(
        insert(Organization),
        [
            {
                "kind": "unit",
                "name": f"Đơn vị {i}",
                "headcount": rng.randint(50, 900),
                "position": i,
            }
            for i in range(UNITS)
        ]
        + [
            {
                "kind": "locality",
                "name": f"Xã {i}",
                "headcount": rng.randint(500, 9000),
                "position": i,
            }
            for i in range(LOCALITIES)
        ],
    )
    created = NOW - timedelta(days=30)
    session.execute(
        insert(User),
        [
            {
                "role": "candidate",
                "full_name": f"Thí sinh {i}",
                "phone": f"09{i:08d}",
                "password_hash": "x",
                "unit_id": None if i % 17 == 0 else 1 + i % UNITS,
                "locality_id": None if i % 23 == 0 else UNITS + 1 + i % LOCALITIES,
                "active": True,
                "created_at": created,
            }
            for i in range(CANDIDATES)
        ],
    )
    contest = Contest(slug="bench", title="Bench")
    main = Round(
        contest=contest,
        name="Tuần 1",
        opens_at=NOW - timedelta(days=7),
        closes_at=NOW + timedelta(days=1),
        time_limit_seconds=1200,
    )
    other = Round(
        contest=contest,
        name="Tuần 0",
        opens_at=NOW - timedelta(days=14),
        closes_at=NOW - timedelta(days=7),
        time_limit_seconds=1200,
    )
    session.add_all([main, other])
    session.flush()
    for round_, count in ((main, ATTEMPTS), (other, OTHER_ROUND_ATTEMPTS)):
        rows = []
        for i in range(count):
            # A third of the attempts in the last 48 hours, the rest over the week before.
            age = timedelta(minutes=rng.randint(0, 48 * 60 if i % 3 == 0 else 7 * 24 * 60))
            started = (NOW if round_ is main else round_.closes_at) - age
            # One attempt in progress per candidate at most (a unique index): only their last.
            last = i >= count - CANDIDATES
            in_progress = last and age < timedelta(minutes=20)
            status = "in_progress" if in_progress else rng.choice(["submitted"] * 9 + ["expired"])
            final = status != "in_progress"
            score = rng.randint(0, 12) if final else None
            rows.append(
                {
                    "round_id": round_.id,
                    "user_id": 1 + i % CANDIDATES,
                    "number": 1 + i // CANDIDATES,
                    "status": status,
                    "seed": i + 1,
                    "started_at": started,
                    "deadline": started + timedelta(minutes=20),
                    "submitted_at": started + timedelta(minutes=12) if final else None,
                    "score": score,
                    "max_score": 12.0 if final else None,
                    "correct_count": score,
                    "duration_ms": 720_000 if final else None,
                }
            )
        for start in range(0, len(rows), 10_000):
            session.execute(insert(Attempt), rows[start : start + 10_000])
    session.commit()
    return main.id


def _bench(url: str, label: str) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.accounts.models import User
    from contest.core.extensions import db
    from contest.rounds.models import Round
    from contest.statistics import dashboard

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        round_id = _seed(db)
        print(
            f"{label}: seeded {ATTEMPTS:,} attempts (+{OTHER_ROUND_ATTEMPTS:,} in another round) "
            f"for {CANDIDATES:,} candidates in {time.perf_counter() - started:.1f} s"
        )
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        round_ = db.session.get(Round, round_id)
        board = dashboard.Dashboard()
        for statement in filter(None, os.environ.get("BENCH_EXTRA_SQL", "").split(";")):
            db.session.execute(text(statement))
        db.session.commit()
        queries: list[tuple[str, Callable[[], object]]] = [
            (
                "baseline: SELECT count(*) FROM attempt",
                lambda: db.session.execute(text("SELECT count(*) FROM attempt")).scalar(),
            ),
            (
                "baseline: SELECT sum(duration_ms) FROM attempt",
                lambda: db.session.execute(text("SELECT sum(duration_ms) FROM attempt")).scalar(),
            ),
            ("status counts, average", lambda: dashboard.status_counts(round_id, NOW, board)),
            ("score histogram", lambda: dashboard.histogram(round_id, NOW, 1.0)),
            ("participation per unit", lambda: dashboard.participation(round_id, User.unit_id)),
            (
                "participation per locality",
                lambda: dashboard.participation(round_id, User.locality_id),
            ),
            ("attempts per hour (48 h)", lambda: dashboard.per_hour(round_id, NOW)),
            ("whole dashboard", lambda: dashboard.round_dashboard(round_, NOW)),
        ]
        results = [(name, *_measure(run)) for name, run in queries]
        count_all, read_all = results[0][1], results[1][1]
        print(f"{'query':<48} {'p50 ms':>8} {'p95 ms':>8} {'÷ count(*)':>11} {'÷ sum()':>8}")
        for name, p50, p95 in results:
            ratios = f"{p50 / count_all:>11.1f} {p50 / read_all:>8.2f}"
            print(f"{name:<48} {p50:>8.1f} {p95:>8.1f} {ratios}")
        summary = dashboard.round_dashboard(round_, NOW)
        print(
            f"check: {summary.attempts:,} attempts, {summary.candidates:,} candidates, "
            f"average {summary.average_score:.2f}, {len(summary.by_unit)} unit rows"
        )
        db.session.remove()
        db.engine.dispose()


def _sqlite() -> None:
    with tempfile.TemporaryDirectory(prefix="thiluat-bench-") as folder:
        _bench(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", "SQLite")


def _postgres(server_url: str) -> None:
    with throwaway_postgres(server_url, "thiluat_bench") as url:
        _bench(url, "PostgreSQL")


def main(argv: list[str]) -> int:
    """Run on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL is set."""
    _sqlite()
    server_url = os.environ.get("BENCH_DATABASE_URL")
    if server_url:
        _postgres(server_url)
    else:
        print(
            "PostgreSQL skipped (set BENCH_DATABASE_URL to a server you may create databases on)."
        )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
