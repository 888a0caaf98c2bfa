"""Question-bank import: parse_workbook of the 10,000-question sample against a bare calamine read.

    .venv/bin/python bench/bench_import_parse.py [path.xlsx]
    python -m bench import_parse

Requirement: parsing and validating takes at most 3x the time of reading the cells with calamine.
Rounds interleave the three readers so a busy machine slows them alike; each figure is the best
of five. Peak RSS is measured in a fresh process per reader, above the interpreter's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / ".." / "shared" / "samples" / "ngan-hang-10000-cau.xlsx"
ROUNDS = 5
LIMIT = 3.0

_READERS = {
    "calamine": "CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()",
    "openpyxl read-only": (
        "list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))"
    ),
    "read_workbook (checks + calamine)": "read_workbook(path, path, max_bytes=20 * 1024 * 1024)",
    "parse_workbook": "parse_workbook(path, path)",
}
_IMPORTS = (
    "from python_calamine import CalamineWorkbook\n"
    "from openpyxl import load_workbook\n"
    "from questions.importer import parse_workbook\n"
    "from questions.importer.reader import read_workbook\n"
)
# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's size (it survives exec).
_RSS_PROBE = (
    "import json, sys\n" + _IMPORTS + "def peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        line = next(line for line in status if line.startswith('VmHWM:'))\n"
    "    return int(line.split()[1]) / 1024\n"
    "path = sys.argv[1]\n"
    "before = peak()\n"
    "{call}\n"
    "print(json.dumps([before, peak()]))\n"
)


def _readers(path: str) -> dict[str, Callable[[], object]]:
    namespace: dict[str, object] = {"path": path}
    exec(_IMPORTS, namespace)  # noqa: S102 - the same statements the RSS probe runs
    return {name: eval(f"lambda: {call}", namespace) for name, call in _READERS.items()}  # noqa: S307


def _best_times(path: str) -> dict[str, float]:
    readers = _readers(path)
    for run in readers.values():
        run()  # warm the page cache and the imports
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(ROUNDS):
        for name, run in readers.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def _peak_rss(path: str) -> dict[str, tuple[float, float]]:
    peaks = {}
    for name, call in _READERS.items():
        child = subprocess.run(
            [sys.executable, "-c", _RSS_PROBE.format(call=call), path],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        before, after = json.loads(child.stdout)
        peaks[name] = (after, after - before)
    return peaks


def main(argv: list[str]) -> int:
    """Print the figures; return 1 when parsing takes more than LIMIT times the calamine read."""
    path = Path(argv[0]) if argv else SAMPLE.resolve()
    if not path.exists():
        print(f"sample not found: {path}")
        return 1
    times, peaks = _best_times(str(path)), _peak_rss(str(path))
    baseline = times["calamine"]
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.2f} MB), best of {ROUNDS}")
    print(f"{'reader':36} {'seconds':>8} {'x calamine':>11} {'peak RSS MB':>12} {'+MB':>6}")
    for name, seconds in times.items():
        peak, grown = peaks[name]
        print(f"{name:36} {seconds:8.3f} {seconds / baseline:11.2f} {peak:12.0f} {grown:6.0f}")
    ratio = times["parse_workbook"] / baseline
    verdict = "ok" if ratio <= LIMIT else "TOO SLOW"
    print(f"parse_workbook / calamine = {ratio:.2f} (limit {LIMIT:.1f}): {verdict}")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
