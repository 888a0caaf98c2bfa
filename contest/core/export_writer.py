"""The one export writer: a `Table` into .csv or .xlsx, streamed in constant memory.

A `Table` is a title block fit to attach to an official decision, the column headers, and the
rows as an iterator, so a million rows stream in constant memory. Every text cell that starts
with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe in both formats, so
no spreadsheet ever evaluates it as a formula. The canonical CSV of a table (no BOM, CRLF) is
also what checksums are computed on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

import xlsxwriter
from flask_babel import lazy_gettext as _l

from contest.core.i18n import format_datetime

Cell = str | int | float | None
FORMATS = ("xlsx", "csv")
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff".encode()
CHUNK_ROWS = 2000


@dataclass
class Table:
    """What any export is: title block, headers, rows (an iterator; consumed once)."""

    title: list[tuple[str, str]]
    headers: list[str]
    rows: Iterable[Sequence[Cell]]
    sheet: str = "Dữ liệu"
    widths: list[int] = field(default_factory=list)


def title_block(
    contest_title: str,
    round_name: str | None,
    list_name: str,
    exported_at: datetime,
    exported_by: str,
    extra: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    """The lines above every export: enough to attach the file to an official decision."""
    lines = [(_l("Cuộc thi"), contest_title)]
    if round_name:
        lines.append((_l("Tuần thi"), round_name))
    lines += [
        (_l("Danh sách"), list_name),
        (
            _l("Thời điểm xuất"),
            str(_l("%(time)s (giờ Việt Nam)", time=format_datetime(exported_at))),
        ),
        (_l("Người xuất"), exported_by),
        *extra,
    ]
    return lines


def neutralize(text: str) -> str:
    """Formula-injection guard: a leading apostrophe makes a spreadsheet show the text as is."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell_text(value: Cell) -> str:
    """The canonical text of a cell (CSV, checksums): integers plain, decimals trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return neutralize(str(value))


def _csv_line(values: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def canonical_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table alone as UTF-8 CSV (no BOM, CRLF): the bytes a checksum is computed on."""
    return "".join(iter_csv_table(headers, rows)).encode()


def sha256_of(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    return hashlib.sha256(canonical_csv(headers, rows)).hexdigest()


def iter_csv_table(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell_text(h) for h in headers])
    for count, row in enumerate(rows, 1):
        writer.writerow([cell_text(v) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def iter_csv(table: Table) -> Iterator[bytes]:
    """BOM (Excel reads UTF-8), the title block, one empty line, then the canonical table."""
    title = "".join(
        _csv_line([cell_text(label), cell_text(_one_line(value))]) for label, value in table.title
    )
    yield CSV_BOM + (title + "\r\n").encode()
    for chunk in iter_csv_table(table.headers, table.rows):
        yield chunk.encode()


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def write_xlsx(
    table: Table, out: BinaryIO | str, progress: Callable[[int], None] | None = None
) -> int:
    """Write the workbook in constant memory (XlsxWriter streams each row to a temp file)."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    sheet = workbook.add_worksheet(table.sheet[:31])
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#EAEEF2", "border": 1, "text_wrap": True}
    )
    for column, width in enumerate(table.widths or [14] * len(table.headers)):
        sheet.set_column(column, column, width)
    for row, (label, value) in enumerate(table.title):
        sheet.write_string(row, 0, cell_text(label), bold)
        sheet.write_string(row, 1, cell_text(_one_line(value)))
    first = len(table.title) + 1
    for column, name in enumerate(table.headers):
        sheet.write_string(first, column, cell_text(name), header)
    sheet.freeze_panes(first + 1, 0)
    written = _write_rows(sheet, table.rows, first + 1, progress)
    workbook.close()
    return written


def _write_rows(sheet, rows: Iterable[Sequence[Cell]], start: int, progress) -> int:
    # Typed writes, no per-cell sniffing: strings are never taken for formulas or links. The
    # underscored methods are the public ones minus the "A1" argument parsing (XlsxWriter is
    # pinned); that parsing is a tenth of the time of a large export.
    write_string = getattr(sheet, "_write_string", sheet.write_string)
    write_number = getattr(sheet, "_write_number", sheet.write_number)
    triggers = FORMULA_TRIGGERS
    count = 0
    for count, values in enumerate(rows, 1):
        row = start + count - 1
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(row, column, "'" + value if value.startswith(triggers) else value)
            elif isinstance(value, bool):
                write_number(row, column, int(value))
            else:
                write_number(row, column, value)
        if progress is not None and count % 10_000 == 0:
            progress(count)
    return count


def write(
    table: Table, fmt: str, out: BinaryIO, progress: Callable[[int], None] | None = None
) -> None:
    """The one writer: a Table into a binary file, as .xlsx or .csv."""
    if fmt == "xlsx":
        write_xlsx(table, out, progress)
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    for chunk in iter_csv(table):
        out.write(chunk)


def stream(table: Table, fmt: str) -> Iterator[bytes]:
    """Bytes for a streaming HTTP response: CSV as it is produced; a workbook via a temp file."""
    if fmt == "csv":
        yield from iter_csv(table)
        return
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(table, path)
        with open(path, "rb") as workbook:
            while chunk := workbook.read(256 * 1024):
                yield chunk
    finally:
        os.unlink(path)
