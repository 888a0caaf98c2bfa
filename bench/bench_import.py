"""Question-bank import: `python -m bench import` (or `python -m bench.bench_import`).

Measures, on ../shared/samples/ngan-hang-10000-cau.xlsx, best of BENCH_REPEAT runs (default 5):
  calamine   bare cell read with python-calamine (the baseline)
  openpyxl   openpyxl read-only read of every cell
  parse      parse_bank as the import calls it: read, validate, fingerprint (target: at most
             3 × calamine)
  sqlite     the whole import (parse, dedup, write, commit) into a fresh SQLite database
  postgresql the same into BENCH_DATABASE_URL when it is set (its public schema is DROPPED
             and rebuilt by the migrations: point it at a scratch database)
  docx_*     the whole import of a generated 2,000-question Word list, into each database
Targets for the imports: at most 2 s (the Word list: 3 s) and 200 MB peak RSS. Each measurement
runs in its own process so that its peak RSS is its own. The reads and the parse, all CPU-bound,
are timed in CPU seconds of their process (other processes on a shared machine stretch wall time
unevenly between them; BENCH_CLOCK=wall for wall time); the imports, which wait on the database,
in wall time. Prints a Markdown table; exit status 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / ".." / "shared" / "samples", ROOT / ".." / ".." / "shared" / "samples"]
SAMPLE = next((p for p in SAMPLES if p.exists()), SAMPLES[0]) / "ngan-hang-10000-cau.xlsx"
PARSE_RATIO_LIMIT = 3.0
IMPORT_SECONDS_LIMIT = 2.0
DOCX_SECONDS_LIMIT = 3.0
DOCX_QUESTIONS = 2000
RSS_MB_LIMIT = 200


def _repeat() -> int:
    return int(os.environ.get("BENCH_REPEAT", "5"))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_clock() -> float:
    return time.perf_counter() if os.environ.get("BENCH_CLOCK") == "wall" else time.process_time()


def _best_of(
    run: Callable[[], None],
    setup: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    times = []
    for _ in range(_repeat()):
        if setup is not None:
            setup()
        started = clock()
        run()
        times.append(clock() - started)
    return times


# --- one measurement per process ----------------------------------------------------------------


def measure_calamine() -> list[float]:
    from python_calamine import CalamineWorkbook

    def run():
        with CalamineWorkbook.from_path(str(SAMPLE)) as book:
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

    return _best_of(run, clock=_cpu_clock)


def measure_openpyxl() -> list[float]:
    import openpyxl

    def run():
        book = openpyxl.load_workbook(SAMPLE, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

    return _best_of(run, clock=_cpu_clock)


def measure_parse() -> list[float]:
    from questions.importer import ALL_TYPES, parse_bank

    return _best_of(
        lambda: parse_bank(SAMPLE, SAMPLE.name, accept_types=ALL_TYPES), clock=_cpu_clock
    )


def _import_into(app, reset: Callable[[], None], docx: bool = False) -> list[float]:
    from contest.core.extensions import db
    from questions.imports import commit_import

    if docx:
        from bench.bench_import_parse import _docx_bytes

        data, name, expected = _docx_bytes(DOCX_QUESTIONS), "bench.docx", DOCX_QUESTIONS
    else:
        data, name, expected = SAMPLE, SAMPLE.name, 10_000

    def run():
        with app.app_context():
            outcome = commit_import(data, name)
            db.session.commit()
            assert outcome.imported == expected, outcome.imported

    return _best_of(run, setup=reset)


def measure_sqlite(docx: bool = False) -> list[float]:
    from contest import create_app
    from contest.core.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    template, database = folder / "template.sqlite3", folder / "bench.sqlite3"
    try:
        _migrate(create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{template}"))
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")

        def fresh_copy():
            with app.app_context():
                db.engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(template, database)

        return _import_into(app, fresh_copy, docx)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_postgresql(docx: bool = False) -> list[float]:
    from sqlalchemy import text

    from contest import create_app
    from contest.core.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=os.environ["BENCH_DATABASE_URL"])
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    _migrate(app)

    def empty_tables():
        with app.app_context(), db.engine.begin() as connection:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))

    return _import_into(app, empty_tables, docx)


def _migrate(app) -> None:
    from flask_migrate import upgrade

    from contest.core.extensions import db

    with app.app_context():
        upgrade()
        db.engine.dispose()


MEASUREMENTS = {
    "calamine": measure_calamine,
    "openpyxl": measure_openpyxl,
    "parse": measure_parse,
    "sqlite": measure_sqlite,
    "postgresql": measure_postgresql,
    "docx_sqlite": lambda: measure_sqlite(docx=True),
    "docx_postgresql": lambda: measure_postgresql(docx=True),
}
LABELS = {
    "calamine": "python-calamine cell read (baseline)",
    "openpyxl": "openpyxl read-only read",
    "parse": "parse_bank (read + validate)",
    "sqlite": "whole import → SQLite",
    "postgresql": "whole import → PostgreSQL",
    "docx_sqlite": "2,000-question .docx, whole import → SQLite",
    "docx_postgresql": "2,000-question .docx, whole import → PostgreSQL",
}


def _measure_here(name: str) -> int:
    import logging

    logging.disable(logging.INFO)  # the migrations' chatter is not the benchmark's output
    times = MEASUREMENTS[name]()
    print(json.dumps({"times": times, "rss_mb": _peak_rss_mb()}))
    return 0


# --- the run ------------------------------------------------------------------------------------


def _measure_in_child(name: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", "--measure", name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        return _measure_here(argv[1])
    if not SAMPLE.exists():
        print(f"skipped: {SAMPLE} is missing")
        return 0
    names = ["calamine", "openpyxl", "parse", "sqlite", "docx_sqlite"]
    if os.environ.get("BENCH_DATABASE_URL"):
        names += ["postgresql", "docx_postgresql"]
    results = {name: _measure_in_child(name) for name in names}
    baseline = min(results["calamine"]["times"])
    print(f"\n{SAMPLE.name}: 10,000 questions, best of {_repeat()} runs, one process each.\n")
    print("| measurement | best (s) | median (s) | × calamine | peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, result in results.items():
        best, median = min(result["times"]), statistics.median(result["times"])
        cells = [LABELS[name], f"{best:.3f}", f"{median:.3f}", f"{best / baseline:.1f}"]
        print("| " + " | ".join([*cells, f"{result['rss_mb']:.0f}"]) + " |")
    misses = _misses(results, baseline)
    print()
    print("\n".join(f"- MISSED: {miss}" for miss in misses) or "- every target met")
    return 1 if misses else 0


def _misses(results: dict, baseline: float) -> list[str]:
    misses = []
    ratio = min(results["parse"]["times"]) / baseline
    if ratio > PARSE_RATIO_LIMIT:
        misses.append(f"parse is {ratio:.1f} × calamine (limit {PARSE_RATIO_LIMIT:.0f} ×)")
    for name in ("sqlite", "postgresql", "docx_sqlite", "docx_postgresql"):
        if name not in results:
            continue
        best, rss = min(results[name]["times"]), results[name]["rss_mb"]
        limit = DOCX_SECONDS_LIMIT if name.startswith("docx") else IMPORT_SECONDS_LIMIT
        if best > limit:
            misses.append(f"{LABELS[name]} takes {best:.2f} s (limit {limit:.0f} s)")
        if rss > RSS_MB_LIMIT:
            misses.append(f"{LABELS[name]} peaks at {rss:.0f} MB (limit {RSS_MB_LIMIT} MB)")
    return misses


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
