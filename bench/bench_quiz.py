"""Saving answers, the hot path at a deadline rush: one save against a trivial request.

    python -m bench quiz               # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        python -m bench quiz           # and PostgreSQL (a throwaway database is created)

Each save goes through the whole stack in-process (WSGI, bearer token, CSRF skip, attempt row
lock, deadline check, the answer upsert, the event log, the commit). The baseline is
GET /healthz through the same client in the same run: one request and one trivial query.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.databases import throwaway_postgres

CANDIDATES = 200
QUESTIONS = 20
SAVES = 2_000


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _timed(client, method: str, url: str, headers: dict, **kwargs) -> float:
    started = time.perf_counter()
    with client.application.app_context():  # each request its own context, as in production
        response = client.open(url, method=method, headers=headers, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True))
    return elapsed


def _seed(db):
    from contest.accounts import tokens
    from contest.accounts.models import User
    from contest.attempts.models import AttemptQuestion
    from contest.attempts.start import Client, start_attempt
    from contest.core.access import Role
    from contest.core.clock import utcnow
    from tests.factories.rounds import gen_open_round, gen_participation

    round_ = gen_open_round(questions=QUESTIONS)
    sittings = []
    for n in range(CANDIDATES):
        user = User(
            role=Role.CANDIDATE,
            full_name=f"Thí sinh {n}",
            phone=f"09{n:08d}",
            id_number=f"001090{n:06d}",
            password_hash="x",
        )
        db.session.add(user)
        db.session.flush()
        gen_participation(round_.contest, user)
        _token, raw = tokens.create_token(user, "bench")
        attempt, _created = start_attempt(round_.id, user, Client(), utcnow())
        sittings.append((attempt.id, raw))
    db.session.commit()
    shown = {
        (row.attempt_id, row.question_id): row.option_order
        for row in db.session.scalars(db.select(AttemptQuestion))
    }
    return sittings, shown


def _bench(url: str, label: str) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.core.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        sittings, shown = _seed(db)
        questions = sorted({q for _a, q in shown})
        client = app.test_client()
        health, saves = [], []
        for i in range(SAVES):
            attempt_id, token = sittings[i % len(sittings)]
            headers = {"Authorization": f"Bearer {token}"}
            question_id = questions[(i // len(sittings)) % len(questions)]
            options = shown[(attempt_id, question_id)]
            health.append(_timed(client, "GET", "/healthz", headers))
            saves.append(
                _timed(
                    client,
                    "PUT",
                    f"/api/v1/attempts/{attempt_id}/answers/{question_id}",
                    headers,
                    json={"option_ids": [options[i % len(options)]]},
                )
            )
        (h50, h95), (s50, s95) = _percentiles(health), _percentiles(saves)
        print(f"{label}: {SAVES:,} saves over {CANDIDATES} attempts of {QUESTIONS} questions")
        print(f"{'request':<36} {'p50 ms':>8} {'p95 ms':>8} {'÷ baseline p50':>15}")
        print(f"{'baseline: GET /healthz':<36} {h50:>8.2f} {h95:>8.2f} {1:>15.1f}")
        print(f"{'PUT an answer':<36} {s50:>8.2f} {s95:>8.2f} {s50 / h50:>15.1f}")
        print(f"saves per second, one worker thread: {1000 / statistics.mean(saves):,.0f}")
        db.session.remove()
        db.engine.dispose()


def main(argv: list[str]) -> int:
    """Run on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL is set."""
    with tempfile.TemporaryDirectory(prefix="thiluat-bench-") as folder:
        _bench(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", "SQLite")
    server_url = os.environ.get("BENCH_DATABASE_URL")
    if not server_url:
        print("PostgreSQL skipped (set BENCH_DATABASE_URL).")
        return 0
    with throwaway_postgres(server_url, "thiluat_bench_quiz") as url:
        _bench(url, "PostgreSQL")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
