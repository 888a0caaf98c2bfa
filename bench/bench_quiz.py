"""The quiz's hot path at a deadline rush: start, save an answer, submit, against a trivial request.

    python -m bench quiz               # SQLite, in a temporary file
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        python -m bench quiz           # and PostgreSQL (a throwaway database is created)

Each request goes through the whole stack in-process (WSGI, bearer token, CSRF skip, the
attempt row lock, the deadline check, the writes, the event log, the commit). Every candidate
starts an attempt (the round's pool is captured beforehand by one warm-up start, as at round
open), then the saves are spread over the attempts, then every attempt is submitted. The
baseline is GET /healthz through the same client in the same run, before each request: one
request and one trivial query. SQL statements are counted per request, and on SQLite the time
each request held the database's write lock (what every other writer of the node waits for).
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Iterator

from sqlalchemy import event

from bench.databases import on_sqlite_and_postgres

CANDIDATES = 200
QUESTIONS = 20
SAVES = 2_000


class Timings:
    """Milliseconds and SQL statements per request, by kind of request."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}
        self.queries: dict[str, list[int]] = {}
        self.locked: dict[str, list[float]] = {}
        self.statements = 0
        self.held_ms = 0.0  # the write lock's hold times so far (SQLite)

    def count(self, *_args) -> None:
        self.statements += 1

    def timed(self, kind: str, client, method: str, url: str, headers: dict, **kwargs):
        before, held, started = self.statements, self.held_ms, time.perf_counter()
        with client.application.app_context():  # each request its own context, as in production
            response = client.open(url, method=method, headers=headers, **kwargs)
        self.ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        self.queries.setdefault(kind, []).append(self.statements - before)
        self.locked.setdefault(kind, []).append(self.held_ms - held)
        assert response.status_code < 300, (response.status_code, response.get_data(as_text=True))
        return response.get_json()

    def report(self, label: str) -> None:
        print(f"{label}: {CANDIDATES} candidates, {QUESTIONS} questions each, {SAVES:,} saves")
        print(
            f"{'request':<30} {'p50 ms':>8} {'p95 ms':>8} {'÷ baseline p50':>15} {'SQL':>5}"
            f" {'write lock held p50 ms':>23}"
        )
        base = statistics.median(self.ms["baseline: GET /healthz"])
        for kind, samples in self.ms.items():
            ordered = sorted(samples)
            p50, p95 = statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]
            queries = max(self.queries[kind])
            locked = statistics.median(self.locked[kind]) if self.held_ms else None
            held = f"{locked:>23.2f}" if locked is not None else f"{'—':>23}"
            print(f"{kind:<30} {p50:>8.2f} {p95:>8.2f} {p50 / base:>15.1f} {queries:>5} {held}")

    @contextlib.contextmanager
    def timing_the_write_lock(self) -> Iterator[None]:
        """Add up how long the SQLite writer lock is held (outermost acquire to last release)."""
        from contest.core.database.writer_lock import WriterLock

        acquire, release = WriterLock.acquire, WriterLock.release
        since: dict[int, float] = {}

        def timed_acquire(lock, timeout):
            taken = acquire(lock, timeout)
            if taken and lock._depth == 1:
                since[id(lock)] = time.perf_counter()
            return taken

        def timed_release(lock):
            outermost = lock.held_here() and lock._depth == 1
            release(lock)
            if outermost and id(lock) in since:
                self.held_ms += (time.perf_counter() - since.pop(id(lock))) * 1000

        WriterLock.acquire, WriterLock.release = timed_acquire, timed_release
        try:
            yield
        finally:
            WriterLock.acquire, WriterLock.release = acquire, release


def entered_candidate(round_, n: int):
    """Candidate number n, entered in the round's contest, and the headers of its bearer token."""
    from contest.accounts import tokens
    from contest.accounts.models import User
    from contest.core.access import Role
    from contest.core.extensions import db
    from tests.factories.rounds import gen_participation

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
    return user, {"Authorization": f"Bearer {raw}"}


def _seed(db):
    from contest.attempts.start import Client, start_attempt
    from contest.core.clock import utcnow
    from tests.factories.rounds import gen_open_round

    round_ = gen_open_round(questions=QUESTIONS, max_attempts=1)
    candidates = [entered_candidate(round_, n) for n in range(CANDIDATES + 1)]
    warm_up, _headers = candidates.pop()
    start_attempt(round_.id, warm_up, Client(), utcnow())  # the round opens: its pool is frozen
    db.session.commit()
    return round_.id, [headers for _user, headers in candidates]


def _run(client, timings: Timings, round_id: int, candidates: list[dict]) -> None:
    def healthz(headers):
        timings.timed("baseline: GET /healthz", client, "GET", "/healthz", headers)

    papers = []
    for headers in candidates:
        healthz(headers)
        url = f"/api/v1/rounds/{round_id}/attempts"
        papers.append(timings.timed("POST start", client, "POST", url, headers))
    for i in range(SAVES):
        headers, paper = candidates[i % CANDIDATES], papers[i % CANDIDATES]
        question = paper["questions"][(i // CANDIDATES) % QUESTIONS]
        option = question["options"][i % len(question["options"])]["id"]
        healthz(headers)
        url = f"/api/v1/attempts/{paper['id']}/answers/{question['id']}"
        timings.timed("PUT an answer", client, "PUT", url, headers, json={"option_ids": [option]})
    for headers, paper in zip(candidates, papers, strict=True):
        healthz(headers)
        url = f"/api/v1/attempts/{paper['id']}/submit"
        timings.timed("POST submit", client, "POST", url, headers, json={})


def _bench(url: str, label: str) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.core.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        round_id, candidates = _seed(db)
        timings = Timings()
        event.listen(db.engine, "before_cursor_execute", timings.count)
        with timings.timing_the_write_lock():
            _run(app.test_client(), timings, round_id, candidates)
        timings.report(label)
        db.session.remove()
        db.engine.dispose()


def main(argv: list[str]) -> int:
    """Run on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL is set."""
    return on_sqlite_and_postgres(_bench, "thiluat_bench_quiz")


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
