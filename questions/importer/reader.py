"""Reading an uploaded workbook safely, then handing its cells over as plain Python rows.

Every check runs on the raw bytes before calamine sees them, because calamine trusts the file:
a zip may lie about sizes; two cells far apart (A1 and XFD1048576) make it allocate the whole
rectangle between them; a string count, a DIMENSIONS record or an ODS repeat count sizes its
buffers before any data is read. A 500-byte file can so abort the whole process. The checks of
zip containers live in ``zipscan`` (with the cell-extent scans of ``extents``), those of OLE2
files and .xls records in ``ole``; this module picks one by the file's magic bytes, then reads.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from questions.importer.errors import (
    ENCRYPTED_WORKBOOK,
    FILE_TOO_LARGE,
    INVALID_WORKBOOK,
    UNSAFE_WORKBOOK,
    workbook_error,
)
from questions.importer.safety.limits import Refusal, mb
from questions.importer.safety.ole import OLE_MAGIC, check_ole
from questions.importer.safety.zipscan import ZIP_MAGIC, check_zip
from questions.importer.text import CellValue

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_SHEETS = 100
MAX_TOTAL_CELLS = 6_000_000


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet's cells; first_row/first_column are 0-based offsets of rows[0][0]."""

    name: str
    rows: list[list[CellValue]]
    first_row: int
    first_column: int


def read_workbook(
    data: bytes | str | os.PathLike[str], filename: str, *, max_bytes: int
) -> list[Sheet]:
    """Every worksheet of an upload, after the size, type and safety checks pass."""
    try:
        raw = _load(data, max_bytes)
        _check_extension(filename)
        if raw.startswith(ZIP_MAGIC):
            check_zip(raw)
        elif raw.startswith(OLE_MAGIC):
            check_ole(raw)
        else:
            raise Refusal(INVALID_WORKBOOK, "nội dung không phải bảng tính")
        return _read_sheets(raw)
    except struct.error:  # a record or header cut short: the file is damaged
        raise workbook_error(INVALID_WORKBOOK, filename=filename, reason="tệp bị hỏng") from None
    except Refusal as refusal:
        if refusal.code == FILE_TOO_LARGE:
            sizes = {"size": refusal.size, "max_bytes": max_bytes}
            shown = {"size_mb": mb(refusal.size), "limit_mb": mb(max_bytes)}
            raise workbook_error(FILE_TOO_LARGE, sizes, **shown) from None
        raise workbook_error(refusal.code, filename=filename, reason=refusal.reason) from None


def load_upload(data: bytes | str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of an upload (bytes or a path), refusing one over max_bytes before reading it."""
    return _load(data, max_bytes)


def _load(data: bytes | str | os.PathLike[str], max_bytes: int) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > max_bytes:
            raise Refusal(FILE_TOO_LARGE, "", len(data))
        return bytes(data)
    path = Path(data)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Refusal(FILE_TOO_LARGE, "", size)
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise Refusal(INVALID_WORKBOOK, f"không mở được tệp ({error.strerror})") from None
    if len(raw) > max_bytes:
        raise Refusal(FILE_TOO_LARGE, "", len(raw))
    return raw


def _check_extension(filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        shown = f'phần mở rộng "{suffix}"' if suffix else "tên tệp không có phần mở rộng"
        raise Refusal(INVALID_WORKBOOK, f"{shown} không được hỗ trợ")


def _read_sheets(raw: bytes) -> list[Sheet]:
    with _calamine_failures():
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    with workbook, _calamine_failures():
        metadata = workbook.sheets_metadata
        worksheets = [i for i, meta in enumerate(metadata) if meta.typ == SheetTypeEnum.WorkSheet]
        if len(worksheets) > MAX_SHEETS:
            raise Refusal(UNSAFE_WORKBOOK, f"tệp có {len(worksheets)} trang tính, quá {MAX_SHEETS}")
        sheets, cells = [], 0
        for index in worksheets:
            sheet = workbook.get_sheet_by_index(index)
            cells += sheet.height * sheet.width
            if cells > MAX_TOTAL_CELLS:
                raise Refusal(UNSAFE_WORKBOOK, "các trang tính có hơn 6 triệu ô")
            first_row, first_column = sheet.start or (0, 0)
            sheets.append(Sheet(sheet.name, sheet.to_python(), first_row, first_column))
    return sheets


@contextmanager
def _calamine_failures() -> Iterator[None]:
    """Turn whatever calamine raises on a damaged file into a Refusal."""
    try:
        yield
    except Refusal:
        raise
    except PasswordError:
        raise Refusal(ENCRYPTED_WORKBOOK, "tệp có mật khẩu") from None
    except Exception as error:  # noqa: BLE001 - any failure to read cells means a damaged file
        raise Refusal(INVALID_WORKBOOK, _calamine_reason(error)) from None
    except BaseException as error:
        # A Rust panic inside calamine arrives as pyo3's PanicException, a BaseException.
        if type(error).__name__ != "PanicException":
            raise
        raise Refusal(INVALID_WORKBOOK, _calamine_reason(error)) from None


def _calamine_reason(error: BaseException) -> str:
    detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    return f"không đọc được nội dung ({detail})"
