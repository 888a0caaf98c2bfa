"""The papers a process keeps: memory per paper, how many fit, and a save's cost when its
paper is not kept.

    python -m bench paper
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        python -m bench paper      # and PostgreSQL (a throwaway database is created)

An open round of 20-question papers (4 options each, shuffled), ATTEMPTS attempts started
in-process. The papers are then read again from the database into an empty cache
and the memory they hold is measured with tracemalloc (allocations by paper.py's reading,
kept while the papers are). Then a save (the whole request, in-process, bearer token) whose
paper is kept against one whose paper was dropped, each as a multiple of GET /healthz in the
same run: at a deadline's peak a node serves more attempts in progress than it keeps papers
for, and each save of the others reads its paper again.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from bench.bench_quiz import entered_candidate
from bench.databases import on_sqlite_and_postgres

ATTEMPTS = 1_000
QUESTIONS = 20
SAVES = 400


def _seed(db):
    from contest.attempts.start import Client, start_attempt
    from contest.core.clock import utcnow
    from tests.factories.rounds import gen_open_round

    round_ = gen_open_round(questions=QUESTIONS, max_attempts=1, shuffle_options=True)
    attempts, headers = [], []
    for n in range(ATTEMPTS):
        user, header = entered_candidate(round_, n)
        attempts.append(start_attempt(round_.id, user, Client(), utcnow())[0])
        headers.append(header)
    db.session.commit()
    return attempts, headers


def _memory_per_paper(attempts) -> float:
    from contest.attempts import paper

    for attempt in attempts:
        paper.forget(attempt)
    paper.papers(attempts[:10])  # the cards are read once per process: not counted per paper
    for attempt in attempts[:10]:
        paper.forget(attempt)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for start in range(0, len(attempts), 100):
        paper.papers(attempts[start : start + 100])
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    kept = sum(
        stat.size_diff
        for stat in after.compare_to(before, "filename")
        if stat.traceback[0].filename.endswith(("paper.py", "dataclasses.py"))
    )
    return kept / len(attempts)


def _save_costs(app, attempts, headers) -> dict[str, float]:
    from contest.attempts import paper

    client = app.test_client()
    sheets = {}
    for attempt in attempts:
        drawn = paper.paper(attempt)
        sheets[attempt.id] = [i.question_id for i in drawn], [i.option_ids for i in drawn]
    ms: dict[str, list[float]] = {"baseline: GET /healthz": [], "kept": [], "not kept": []}

    def timed(kind, method, url, header, **kwargs):
        started = time.perf_counter()
        with app.app_context():
            response = client.open(url, method=method, headers=header, **kwargs)
        ms[kind].append((time.perf_counter() - started) * 1000)
        assert response.status_code < 300, response.get_data(as_text=True)

    for i in range(SAVES):
        n = i % len(attempts)
        attempt, header = attempts[n], headers[n]
        question_ids, options = sheets[attempt.id]
        q = (i // len(attempts)) % QUESTIONS
        url = f"/api/v1/attempts/{attempt.id}/answers/{question_ids[q]}"
        body = {"option_ids": [options[q][i % len(options[q])]]}
        timed("baseline: GET /healthz", "GET", "/healthz", header)
        kind = "not kept" if i % 2 else "kept"
        if kind == "not kept":
            paper.forget(attempt)
        timed(kind, "PUT", url, header, json=body)
    base = statistics.median(ms["baseline: GET /healthz"])
    return {kind: statistics.median(values) / base for kind, values in ms.items()}


def _bench(url: str, label: str) -> None:
    from flask_migrate import upgrade

    from contest import create_app
    from contest.attempts import paper
    from contest.core.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        attempts, headers = _seed(db)
        per_paper = _memory_per_paper(attempts)
        costs = _save_costs(app, attempts, headers)
        db.session.remove()
        db.engine.dispose()
    print(f"{label}: {ATTEMPTS:,} papers of {QUESTIONS} questions (4 options, shuffled)")
    print(f"memory per kept paper: {per_paper / 1024:.1f} KiB")
    print(
        f"papers kept per process: {paper.CACHE_SIZE:,} "
        f"(about {paper.CACHE_SIZE * per_paper / 2**20:.0f} MiB)"
    )
    print("a save, as a multiple of GET /healthz (p50, in-process):")
    for kind, ratio in costs.items():
        print(f"  {kind:<24} {ratio:5.1f}")


def main(argv: list[str]) -> int:
    """Run on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL is set."""
    return on_sqlite_and_postgres(_bench, "thiluat_bench_paper")


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
