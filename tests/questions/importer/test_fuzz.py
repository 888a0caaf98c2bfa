"""Mutated workbooks never abort or bloat the process: each parses cleanly or is refused.

Each example mutates a valid .xlsx, .ods or .xls (flipped bytes, an XML attribute given a
hostile value, a zip member dropped, duplicated, stored or swapped) and parses it in a forked
process capped at 1 GB of address space and a few seconds. Only a clean parse or a
WorkbookError passes; a signal (calamine aborting), a MemoryError or a timeout fails.

`make test` runs a few dozen examples with a fixed seed. For a longer run:

    THILUAT_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/questions/importer/test_fuzz.py
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.questions.importer.builders import HEADER, bank_row, ods_bytes, xlsx_bytes

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = int(os.environ.get("THILUAT_FUZZ_EXAMPLES", "40"))
ADDRESS_SPACE = 1024 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_GROWTH_MB = 200

# One long-lived worker: it imports the importer once, then forks a capped child per file.
_WORKER = r"""
import os, resource, signal, sys, traceback
from questions.importer import WorkbookError, parse_workbook
limit, timeout = int(sys.argv[1]), int(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for line in sys.stdin:
    path = line.strip()
    pid = os.fork()
    if pid == 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.alarm(timeout)
        try:
            parse_workbook(path, path)
            os._exit(0)
        except WorkbookError:
            os._exit(10)
        except BaseException:
            traceback.print_exc()
            os._exit(20)
    _, status, usage = os.wait4(pid, 0)
    grown = (usage.ru_maxrss - base) // 1024
    if os.WIFSIGNALED(status):
        outcome = f"signal {os.WTERMSIG(status)}"
    else:
        outcome = {0: "parsed", 10: "refused"}.get(os.WEXITSTATUS(status), "exception")
    print(outcome, grown, flush=True)
"""

_ROWS = [
    HEADER,
    bank_row("Hiến pháp năm nào?", ["2013", "1992"], "A", topic="Hiến pháp", level="Dễ"),
    bank_row("Chọn các cơ quan", ["Quốc hội", "Chính phủ", "Tòa án"], "A, C"),
    bank_row("Luật có hiệu lực?", ["Đúng", "Sai"], "Đúng", qtype="Đúng/Sai"),
]
_INTERESTING = [
    "ZZZZZZZZZ2",
    "ZZZZZZ2",
    "XFD1048576",
    "XFE1",
    "A1048577",
    "A0",
    "A1:XFD1048576",
    "A1:ZZZZ99999999",
    "4294967297",
    "2147483647",
    "-1",
    "",
    "1e309",
    "&#65;1",
]
_ATTRIBUTE = re.compile(rb'([\w:-]+)="([^"]*)"')
# Attributes that place or size cells: mutated more often, as that is where readers trust most.
_GEOMETRY = re.compile(rb"r|ref|count|uniqueCount|table:number-\w+-(?:repeated|spanned)|text:c")


def _xls_bytes() -> bytes | None:
    try:
        import xlwt  # noqa: PLC0415 - optional test-only writer
    except ImportError:
        return None
    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    for r, row in enumerate(_ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_BASES = {"bank.xlsx": xlsx_bytes({"S": _ROWS}), "bank.ods": ods_bytes({"S": _ROWS})}
if (_xls := _xls_bytes()) is not None:
    _BASES["bank.xls"] = _xls


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(info, archive.read(info)) for info in archive.infolist()]


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, content in members:
            target.writestr(info, content)
    return buffer.getvalue()


@st.composite
def byte_flips(draw: st.DrawFn, data: bytes) -> bytes:
    damaged = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(damaged) - 1))
        damaged[position] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x41, 0x39]))
    if draw(st.booleans()) and draw(st.booleans()):
        damaged = damaged[: draw(st.integers(0, len(damaged) - 1))]
    return bytes(damaged)


@st.composite
def attribute_values(draw: st.DrawFn, data: bytes) -> bytes:
    members = _members(data)
    places = [
        (index, found)
        for index, (_, content) in enumerate(members)
        for found in _ATTRIBUTE.finditer(content)
    ]
    geometry = [
        (index, found)
        for index, found in places
        if _GEOMETRY.fullmatch(found.group(1)) and not _is_empty_cell(members[index][1], found)
    ]
    index, target = draw(st.sampled_from(geometry if geometry and draw(st.booleans()) else places))
    value = draw(
        st.one_of(
            st.sampled_from(_INTERESTING),
            st.sampled_from(_INTERESTING),
            st.text(alphabet="AZaz019:-$ ", max_size=14),
            st.integers(-(2**40), 2**40).map(str),
        )
    )
    info, content = members[index]
    start, end = target.span(2)
    members[index] = (info, content[:start] + value.encode() + content[end:])
    return _rezip(members)


def _is_empty_cell(content: bytes, found: re.Match[bytes]) -> bool:
    # calamine skips a cell without a value, so a hostile reference there changes nothing.
    tag_end = content.find(b">", found.end())
    return content[tag_end - 1 : tag_end] == b"/" or content.startswith(b"></c>", tag_end)


@st.composite
def member_changes(draw: st.DrawFn, data: bytes) -> bytes:
    members = _members(data)
    index = draw(st.integers(0, len(members) - 1))
    info, content = members[index]
    change = draw(st.sampled_from(["drop", "duplicate", "stored", "swap", "empty", "rename"]))
    if change == "drop":
        del members[index]
    elif change == "duplicate":
        copy = zipfile.ZipInfo(info.filename + "x")
        members.append((copy, content))
    elif change == "stored":
        info.compress_type = zipfile.ZIP_STORED
    elif change == "swap":
        other = draw(st.integers(0, len(members) - 1))
        members[index], members[other] = (info, members[other][1]), (members[other][0], content)
    elif change == "empty":
        members[index] = (info, b"")
    else:
        members[index] = (zipfile.ZipInfo(info.filename.upper()), content)
    return _rezip(members)


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(_BASES)))
    data = _BASES[name]
    if name.endswith(".xls"):
        return name, draw(byte_flips(data))
    mutate = draw(st.sampled_from([attribute_values, attribute_values, byte_flips, member_changes]))
    return name, draw(mutate(data))


class _Worker:
    """The forking worker process; parse(path) returns (outcome, megabytes grown)."""

    def __init__(self) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPO), "RUST_BACKTRACE": "0"}
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", _WORKER, str(ADDRESS_SPACE), str(TIMEOUT_SECONDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )

    def parse(self, path: Path) -> tuple[str, int]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        outcome, grown = self.process.stdout.readline().rsplit(" ", 1)
        return outcome, int(grown)

    def close(self) -> str:
        _, errors = self.process.communicate(timeout=30)
        return errors


@pytest.fixture(scope="module")
def worker() -> Iterator[_Worker]:
    running = _Worker()
    yield running
    running.close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def test_the_worker_parses_a_valid_bank_under_the_cap(worker: _Worker, scratch: Path) -> None:
    for name, data in _BASES.items():
        (scratch / name).write_bytes(data)
        assert worker.parse(scratch / name)[0] == "parsed"


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_files())
def test_a_mutated_workbook_parses_or_is_refused_never_aborts(
    worker: _Worker, scratch: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    path = scratch / name
    path.write_bytes(data)
    outcome, grown = worker.parse(path)
    assert outcome in {"parsed", "refused"}, f"{name}: {outcome}"
    assert grown < MAX_GROWTH_MB, f"{name}: grew {grown} MB"
