"""Leaderboard export to .xlsx against the fastest writer alone, in subprocesses (time, peak RSS).

    python -m bench export             # SQLite: seeds a 100,000-row closed round, then measures
    python -m bench.bench_export child MODE URL ROUND_ID OUT   # one measurement (used by benches)

MODE is `ours` (the platform's pipeline: read the snapshot, build rows, XlsxWriter
constant_memory), `xlsxwriter` (XlsxWriter constant_memory, write_row, rows already in memory)
or `openpyxl` (openpyxl write_only, append, rows already in memory). Each child prints one JSON
line: {"mode", "seconds", "rows", "max_rss_mb"}. The target: ours ≤ 1.3 × the faster baseline,
at peak RSS ≤ 150 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 100_000
RATIO_TARGET = 1.3
RSS_TARGET_MB = 150


def _app(url: str):
    sys.path.insert(0, str(ROOT))
    from contest import create_app

    return create_app("testing", SQLALCHEMY_DATABASE_URI=url)


def _rows_in_memory(round_):
    from contest.jobs import tables
    from contest.prizes.prize_list import prize_names
    from contest.ranking.models import Board
    from contest.ranking.standings import iter_standings

    return list(tables.leaderboard_rows(iter_standings(round_, Board.LIVE), prize_names(round_)))


def _child(mode: str, url: str, round_id: int, out: str) -> dict:
    """One measurement in this (fresh) process."""
    from contest.core import export_writer
    from contest.core.extensions import db
    from contest.jobs import exports as jobs
    from contest.jobs import tables
    from contest.rounds.models import Round

    app = _app(url)
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        if mode == "ours":
            started = time.perf_counter()
            table = jobs.round_export(round_, "leaderboard", "Benchmark")
            rows = export_writer.write_xlsx(table, out)
        else:
            data = _rows_in_memory(round_)
            headers = [str(header) for header in tables.LEADERBOARD_HEADERS]
            started = time.perf_counter()
            rows = _baseline(mode, headers, data, out)
        seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "seconds": round(seconds, 3), "rows": rows, "max_rss_mb": round(rss, 1)}


def _baseline(mode: str, headers, data, out: str) -> int:
    if mode == "xlsxwriter":
        import xlsxwriter

        workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, headers)
        for number, row in enumerate(data, 1):
            sheet.write_row(number, 0, row)
        workbook.close()
        return len(data)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in data:
        sheet.append(row)
    workbook.save(out)
    return len(data)


def measure(url: str, round_id: int, repeats: int = 2) -> dict:
    """Run every mode in its own subprocess (best of `repeats`); the comparison."""
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            for mode in ("xlsxwriter", "openpyxl", "ours"):
                out = os.path.join(folder, f"{mode}.xlsx")
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "bench.bench_export",
                        "child",
                        mode,
                        url,
                        str(round_id),
                        out,
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                result = json.loads(done.stdout.strip().splitlines()[-1])
                if mode not in best or result["seconds"] < best[mode]["seconds"]:
                    best[mode] = result
    baseline = min(best["xlsxwriter"]["seconds"], best["openpyxl"]["seconds"])
    ours = best["ours"]
    return {
        **best,
        "baseline_seconds": baseline,
        "ratio": round(ours["seconds"] / baseline, 3),
        "ok": ours["seconds"] <= RATIO_TARGET * baseline and ours["max_rss_mb"] <= RSS_TARGET_MB,
    }


def report(label: str, figures: dict) -> None:
    ours = figures["ours"]
    print(
        f"  {label}: {ours['rows']:,} rows — ours {ours['seconds']:.2f} s "
        f"(peak RSS {ours['max_rss_mb']:.0f} MB), "
        f"XlsxWriter {figures['xlsxwriter']['seconds']:.2f} s, "
        f"openpyxl {figures['openpyxl']['seconds']:.2f} s → ratio {figures['ratio']:.2f} "
        f"(target ≤ {RATIO_TARGET}, RSS ≤ {RSS_TARGET_MB} MB) "
        f"{'OK' if figures['ok'] else 'MISSED'}",
        flush=True,
    )


def main(argv: list[str]) -> int:
    if argv and argv[0] == "child":
        print(json.dumps(_child(argv[1], argv[2], int(argv[3]), argv[4])))
        return 0
    from bench.bench_rankings import seed_sqlite_round

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench-export.sqlite3"
        round_id = seed_sqlite_round(url, ROWS)
        figures = measure(url, round_id)
        report("SQLite", figures)
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
