"""Rankings at 1,000,000 submitted attempts, on SQLite and PostgreSQL, measured in one run.

    python -m bench rankings
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
        python -m bench rankings
    python -m bench.bench_rankings --rows 100000     (a smaller round while tuning)

Each backend gets a throwaway database (a temp SQLite file; on PostgreSQL a database
thiluat_bench_rank_<pid> created beside BENCH_DATABASE_URL and dropped afterwards), loaded in
bulk (COPY on PostgreSQL, executemany in big transactions on SQLite): 1,000,000 candidates,
a closed round with 1,000,000 submitted attempts and locked predictions, and a closed round
with 100,000. Measured, against the targets:

- full ranking after the close (rank snapshot rebuilt set-based) ≤ 10 s; reported beside it,
  the same rebuild over the snapshot it replaces (what the first read after the close does
  when the worker kept the board fresh while the round was open)
- leaderboard page, top 50, through the API: p95 ≤ 50 ms
- a candidate's own rank (candidate_rank): p95 ≤ 20 ms
- 100,000-row leaderboard .xlsx ≤ 1.3 × the faster writer alone, peak RSS ≤ 150 MB (bench_export)
- the 1,000,000-row leaderboard .xlsx as a background job (the worker at nice 10, in its own
  process), with its progress, and own-rank latency while it runs (BENCH_JOB=0 skips it;
  BENCH_JOB_SQLITE=1 runs it on SQLite too)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from contest.ranking.board_access import candidate_rank
from contest.ranking.snapshots.build import rebuild_snapshot

ROOT = Path(__file__).resolve().parent.parent
BIG = int(os.environ.get("BENCH_ROWS", "1000000"))  # smaller for a smoke run (or --rows)
SMALL = int(os.environ.get("BENCH_EXPORT_ROWS", "100000"))
ORGS = 100
TARGETS = {"rebuild_s": 10.0, "page_p95_ms": 50.0, "own_p95_ms": 20.0}
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Gia", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
]


def percentile(samples: list[float], share: float = 0.95) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def make_app(url: str):
    sys.path.insert(0, str(ROOT))
    from contest import create_app

    return create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


# --- bulk loading ---------------------------------------------------------------------------


def _stamp(value: datetime, sqlite: bool):
    naive = value.astimezone(UTC).replace(tzinfo=None)
    return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else naive


def _users(count: int, created: datetime, sqlite: bool):
    rng = random.Random(1)
    stamp = _stamp(created, sqlite)
    for i in range(1, count + 1):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
        yield (
            i,
            "candidate",
            name,
            f"09{i:08d}",
            f"0790{i:08d}",
            date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
            "x",
            1 + i % (ORGS // 2),
            ORGS // 2 + 1 + i % (ORGS // 2),
            True,
            stamp,
        )


USER_COLUMNS = (
    "id",
    "role",
    "full_name",
    "phone",
    "id_number",
    "birth_date",
    "password_hash",
    "unit_id",
    "locality_id",
    "active",
    "created_at",
)
ATTEMPT_COLUMNS = (
    "id",
    "round_id",
    "user_id",
    "number",
    "status",
    "seed",
    "started_at",
    "deadline",
    "submitted_at",
    "finalized_at",
    "score",
    "max_score",
    "correct_count",
    "duration_ms",
    "prediction",
    "ip",
)
PREDICTION_COLUMNS = ("round_id", "user_id", "value", "locked_at", "attempt_id")


def _attempts(
    round_id: int, first_id: int, count: int, opens: datetime, sqlite: bool, predict: bool
):
    rng = random.Random(round_id)
    span = 6 * 24 * 3600
    for n in range(count):
        duration = rng.randint(30_000, 1_200_000)
        submitted = opens + timedelta(
            seconds=rng.randint(60, span), milliseconds=rng.randint(0, 999)
        )
        started = submitted - timedelta(milliseconds=duration)
        correct = min(20, int(rng.betavariate(5, 2) * 21))
        yield (
            first_id + n,
            round_id,
            n + 1,
            1,
            "submitted",
            rng.randint(1, 2**40),
            _stamp(started, sqlite),
            _stamp(started + timedelta(minutes=20), sqlite),
            _stamp(submitted, sqlite),
            _stamp(submitted, sqlite),
            float(correct),
            20.0,
            correct,
            duration,
            rng.randint(0, 2_000_000) if predict else None,
            f"10.{n % 250}.{n // 250 % 250}.{n % 7}",
        )


def _predictions(round_id: int, first_attempt: int, count: int, locked: datetime, sqlite: bool):
    rng = random.Random(round_id)
    stamp = _stamp(locked, sqlite)
    for n in range(count):
        yield (round_id, n + 1, rng.randint(0, 2_000_000), stamp, first_attempt + n)


def _load(app, table: str, columns: tuple[str, ...], rows) -> None:
    from contest.core.extensions import db

    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if db.engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        else:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def seed(app, rounds: list[tuple[str, int, bool]], now: datetime) -> list[int]:
    """Organizations, candidates and closed rounds with their attempts; the round ids."""
    from contest.accounts.models import Organization, OrganizationKind
    from contest.core.extensions import db
    from contest.rounds.models import Contest, ContestStatus, Round

    sqlite = db.engine.dialect.name == "sqlite"
    opens, closes = now - timedelta(days=8), now - timedelta(days=1)
    candidates = max(count for _, count, _ in rounds)
    for i in range(1, ORGS + 1):
        kind = OrganizationKind.UNIT if i <= ORGS // 2 else OrganizationKind.LOCALITY
        db.session.add(
            Organization(
                id=i,
                kind=kind,
                name=f"{'Đơn vị' if i <= ORGS // 2 else 'Xã'} {i}",
                headcount=40_000,
            )
        )
    contest = Contest(slug="bench", title="Cuộc thi đo hiệu năng", status=ContestStatus.PUBLISHED)
    ids = []
    for name, _count, predict in rounds:
        round_ = Round(
            contest=contest,
            name=name,
            opens_at=opens,
            closes_at=closes,
            time_limit_seconds=1200,
            prediction_question="Dự đoán số bài thi?" if predict else None,
            prediction_target="attempts" if predict else None,
        )
        db.session.add(round_)
        db.session.flush()
        ids.append(round_.id)
    db.session.commit()
    _load(app, "user_account", USER_COLUMNS, _users(candidates, opens, sqlite))
    first = 1
    for round_id, (_name, count, predict) in zip(ids, rounds, strict=True):
        _load(
            app,
            "attempt",
            ATTEMPT_COLUMNS,
            _attempts(round_id, first, count, opens, sqlite, predict),
        )
        if predict:
            _load(
                app,
                "round_prediction",
                PREDICTION_COLUMNS,
                _predictions(round_id, first, count, opens, sqlite),
            )
        first += count
    with db.engine.begin() as connection:
        if sqlite:
            connection.execute(text("ANALYZE"))
        else:
            for table in ("user_account", "attempt"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
            connection.execute(text("ANALYZE"))
    return ids


def seed_sqlite_round(url: str, rows: int) -> int:
    """A migrated SQLite database with one closed round of `rows` attempts, its snapshot built."""
    from contest.core.extensions import db
    from contest.rounds.models import Round

    app = make_app(url)
    migrate(app)
    now = datetime.now(UTC)
    with app.app_context():
        (round_id,) = seed(app, [("Tuần xuất", rows, False)], now)
        rebuild_snapshot(db.session.get(Round, round_id))
        db.session.commit()
    return round_id


# --- measurements -------------------------------------------------------------------------


def measure_backend(label: str, url: str, run_job: bool) -> dict:
    from bench import bench_export
    from contest.core.extensions import db
    from contest.rounds.models import Round

    app = make_app(url)
    figures: dict = {"backend": label}
    started = time.perf_counter()
    migrate(app)
    now = datetime.now(UTC)
    with app.app_context():
        big, small = seed(
            app, [("Tuần 1 (1 triệu)", BIG, True), ("Tuần 2 (100 nghìn)", SMALL, False)], now
        )
    figures["seed_s"] = round(time.perf_counter() - started, 1)
    print(f"  {label}: seeded {BIG + SMALL:,} attempts in {figures['seed_s']} s", flush=True)

    with app.app_context():
        round_ = db.session.get(Round, big)
        started = time.perf_counter()
        state = rebuild_snapshot(round_)
        db.session.commit()
        figures["rebuild_s"] = round(time.perf_counter() - started, 2)
        figures["rows"] = state.row_count
        started = time.perf_counter()
        rebuild_snapshot(db.session.get(Round, big))
        db.session.commit()
        figures["rebuild_again_s"] = round(time.perf_counter() - started, 2)
        rebuild_snapshot(db.session.get(Round, small))
        db.session.commit()
    print(
        f"  {label}: full ranking of {figures['rows']:,} (snapshot rebuilt) "
        f"in {figures['rebuild_s']} s; over the previous snapshot in "
        f"{figures['rebuild_again_s']} s",
        flush=True,
    )

    client = app.test_client()
    samples = []
    for _ in range(200):
        t0 = time.perf_counter()
        response = client.get(f"/api/v1/rounds/{big}/leaderboard?per_page=50")
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        assert len(response.get_json()["items"]) == 50
    figures["page_p50_ms"], figures["page_p95_ms"] = (
        round(statistics.median(samples), 2),
        round(percentile(samples), 2),
    )
    deep = []
    for _ in range(20):
        t0 = time.perf_counter()
        client.get(f"/api/v1/rounds/{big}/leaderboard?per_page=50&page=10000")
        deep.append((time.perf_counter() - t0) * 1000)
    figures["deep_page_p95_ms"] = round(percentile(deep), 2)
    print(
        f"  {label}: leaderboard top 50 p50 {figures['page_p50_ms']} ms, "
        f"p95 {figures['page_p95_ms']} ms "
        f"(page 10,000: p95 {figures['deep_page_p95_ms']} ms)",
        flush=True,
    )

    with app.app_context():
        own = own_rank_samples(big, 500)
    figures["own_p50_ms"], figures["own_p95_ms"] = (
        round(statistics.median(own), 2),
        round(percentile(own), 2),
    )
    print(
        f"  {label}: own rank p50 {figures['own_p50_ms']} ms, p95 {figures['own_p95_ms']} ms",
        flush=True,
    )

    export = measure_export(url, small)
    figures["export"] = export
    bench_export.report(label, export)

    if run_job:
        figures["job"] = background_job(app, url, big, label)
    return figures


def own_rank_samples(round_id: int, count: int) -> list[float]:
    """candidate_rank for random candidates, each in a fresh session (nothing cached)."""
    from contest.accounts.models import User
    from contest.core.extensions import db
    from contest.rounds.models import Round

    rng = random.Random(7)
    samples = []
    for _ in range(count):
        db.session.remove()
        round_ = db.session.get(Round, round_id)
        user = db.session.get(User, rng.randint(1, BIG))
        t0 = time.perf_counter()
        rank = candidate_rank(round_, user)
        samples.append((time.perf_counter() - t0) * 1000)
        assert rank is not None
    db.session.remove()
    return samples


def background_job(app, url: str, round_id: int, label: str) -> dict:
    """The 1M-row .xlsx as a queued job run by a low-priority worker process; progress; impact."""
    from contest.core.extensions import db
    from contest.jobs import worker
    from contest.jobs.models import ExportJob
    from contest.rounds.models import Round

    with tempfile.TemporaryDirectory() as folder:
        with app.app_context():
            job = worker.enqueue(db.session.get(Round, round_id), "leaderboard", "xlsx", None)
            db.session.commit()
            job_id = job.id
        env = {**os.environ, "FILE_STORAGE": "directory", "FILE_STORAGE_DIR": folder}
        started = time.perf_counter()
        worker = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_rankings", "worker", url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        progress, during = [], []
        with app.app_context():
            while worker.poll() is None:
                during += own_rank_samples(round_id, 20)
                db.session.remove()
                row = db.session.get(ExportJob, job_id)
                progress.append((round(time.perf_counter() - started, 1), row.progress))
                time.sleep(0.5)
            seconds = time.perf_counter() - started
            db.session.remove()  # not the row read before the worker finished
            row = db.session.get(ExportJob, job_id)
            status, size = row.status.value, Path(row.path).stat().st_size if row.path else 0
        child = json.loads(worker.stdout.read().strip().splitlines()[-1])
    figures = {
        "status": status,
        "seconds": round(seconds, 1),
        "file_mb": round(size / 2**20, 1),
        "worker_max_rss_mb": child["max_rss_mb"],
        "own_p95_during_ms": round(percentile(during), 2),
        "progress_samples": progress[:: max(1, len(progress) // 8)],
    }
    print(
        f"  {label}: 1,000,000-row .xlsx job {status} in {figures['seconds']} s "
        f"({figures['file_mb']} MB, "
        f"worker peak RSS {figures['worker_max_rss_mb']} MB); own rank p95 while it ran "
        f"{figures['own_p95_during_ms']} ms; progress {figures['progress_samples']}",
        flush=True,
    )
    return figures


def measure_export(url: str, round_id: int) -> dict:
    """bench_export.measure, run from a fresh process.

    A child's ru_maxrss starts at its parent's high-water mark (Linux keeps it across fork and
    exec), and this process has just ranked a million rows: measured from here, the export's
    peak RSS would be ours.
    """
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_rankings", "export", url, str(round_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _worker(url: str) -> None:
    """What `flask --app wsgi jobs run --once` does, against the bench database."""
    from contest.jobs import worker

    app = make_app(url)
    worker.lower_priority()
    with app.app_context():
        worker.run_pending()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"max_rss_mb": round(rss, 1)}))


# --- throwaway databases --------------------------------------------------------------------


def _postgres_database(base_url: str):
    url = make_url(base_url)
    name = f"thiluat_bench_rank_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, url.set(database=name).render_as_string(hide_password=False)


def _drop(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def verdict(figures: dict) -> bool:
    ok = all(figures[key] <= target for key, target in TARGETS.items())
    ok = ok and figures["export"]["ok"]
    return ok and figures.get("job", {}).get("status", "done") == "done"


def main(argv: list[str]) -> int:
    global BIG
    if argv and argv[0] == "worker":
        _worker(argv[1])
        return 0
    if argv and argv[0] == "export":
        from bench import bench_export

        print(json.dumps(bench_export.measure(argv[1], int(argv[2]))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.bench_rankings")
    parser.add_argument("--rows", type=int, default=BIG, help="attempts in the big round")
    BIG = parser.parse_args(argv).rows
    run_job = os.environ.get("BENCH_JOB", "1") != "0"
    results = []
    with tempfile.TemporaryDirectory() as folder:
        results.append(
            measure_backend(
                "SQLite",
                f"sqlite:///{folder}/bench-rankings.sqlite3",
                run_job and os.environ.get("BENCH_JOB_SQLITE") == "1",
            )
        )
    base = os.environ.get("BENCH_DATABASE_URL")
    if base:
        admin, name, url = _postgres_database(base)
        try:
            results.append(measure_backend("PostgreSQL", url, run_job))
        finally:
            _drop(admin, name)
    else:
        print("  PostgreSQL: skipped (set BENCH_DATABASE_URL)")
    print(
        "  targets: rebuild ≤ 10 s, page p95 ≤ 50 ms, own rank p95 ≤ 20 ms, "
        "export ≤ 1.3× at ≤ 150 MB"
    )
    for figures in results:
        print(
            f"  {figures['backend']}: {'OK' if verdict(figures) else 'MISSED'} — "
            + json.dumps(
                {k: v for k, v in figures.items() if k not in ("export", "job")}, ensure_ascii=False
            )
        )
    return 0 if all(verdict(f) for f in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
