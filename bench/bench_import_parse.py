"""Question-bank import: parse_workbook of the 10,000-question sample against a bare calamine read,
and parse_docx of a generated 2,000-question Word list against a bare python-docx read.

    .venv/bin/python bench/bench_import_parse.py [path.xlsx]
    python -m bench import_parse

Requirements: parsing and validating takes at most 3x the time of reading the cells with
calamine; the 2,000-question .docx parses in at most 3 s. Times are CPU seconds of the process
(BENCH_CLOCK=wall for wall time); rounds interleave the readers so a busy machine slows them
alike; each figure is the best of five. Peak RSS is measured in a fresh
process per workbook reader, above the interpreter's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

SAMPLES = [ROOT / ".." / "shared" / "samples", ROOT / ".." / ".." / "shared" / "samples"]
SAMPLE = next((p for p in SAMPLES if p.exists()), SAMPLES[0]) / "ngan-hang-10000-cau.xlsx"
ROUNDS = 5
LIMIT = 3.0
DOCX_QUESTIONS = 2000
DOCX_LIMIT_SECONDS = 3.0

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


def _clock() -> float:
    # CPU seconds of this process: on the shared 2-core machine other processes' load stretches
    # wall time unevenly between readers, CPU time much less. BENCH_CLOCK=wall for wall time.
    return time.perf_counter() if os.environ.get("BENCH_CLOCK") == "wall" else time.process_time()


def _best_times(path: str) -> dict[str, float]:
    readers = _readers(path)
    for run in readers.values():
        run()  # warm the page cache and the imports
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(ROUNDS):
        for name, run in readers.items():
            started = _clock()
            run()
            best[name] = min(best[name], _clock() - started)
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


def _docx_bytes(questions: int = DOCX_QUESTIONS) -> bytes:
    """A Word list as departments write them: headings, numbered questions, keys on a line."""
    import io  # noqa: PLC0415

    import docx  # noqa: PLC0415

    document = docx.Document()
    for n in range(1, questions + 1):
        if n % 200 == 1:
            document.add_heading(f"PHẦN {n // 200 + 1}. CHỦ ĐỀ SỐ {n // 200 + 1}", level=1)
        document.add_paragraph(f"Câu {n}. Theo pháp luật hiện hành, nội dung số {n} là gì?")
        if n % 3 == 0:  # every third question puts two options on a line
            document.add_paragraph(f"A. Phương án một của câu {n}\tB. Phương án hai của câu {n}")
            document.add_paragraph(f"C. Phương án ba của câu {n}\tD. Phương án bốn của câu {n}")
        else:
            for letter in "ABCD":
                document.add_paragraph(f"{letter}. Phương án {letter} của câu hỏi số {n}")
        document.add_paragraph(f"Đáp án: {'ABCD'[n % 4]}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_times() -> dict[str, float]:
    import io  # noqa: PLC0415

    import docx  # noqa: PLC0415

    from questions.importer.formats.docx import parse_docx  # noqa: PLC0415

    data = _docx_bytes()
    readers = {
        "python-docx paragraphs (baseline)": lambda: [
            p.text for p in docx.Document(io.BytesIO(data)).paragraphs
        ],
        "parse_docx": lambda: parse_docx(data, "bench.docx"),
    }
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(ROUNDS):
        for name, run in readers.items():
            started = _clock()
            run()
            best[name] = min(best[name], _clock() - started)
    return best


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
    documents = _docx_times()
    parse, bare = documents["parse_docx"], documents["python-docx paragraphs (baseline)"]
    print(f"\n{DOCX_QUESTIONS}-question .docx, best of {ROUNDS}")
    for name, seconds in documents.items():
        print(f"{name:36} {seconds:8.3f} {seconds / bare:11.2f}")
    fast = parse <= DOCX_LIMIT_SECONDS
    verdict = "ok" if fast else "TOO SLOW"
    print(f"parse_docx = {parse:.2f} s (limit {DOCX_LIMIT_SECONDS:.0f} s): {verdict}")
    return 0 if ratio <= LIMIT and fast else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
