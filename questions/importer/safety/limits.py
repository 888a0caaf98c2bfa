"""The refusal every safety check raises, Excel's grid limits and the shared cell budget.

Defends against geometry blow-ups: a cell reference, a dimension or a merged range beyond
XFD1048576 (calamine computes such references in wrapping 32-bit arithmetic, so "ZZZZZZZZZ2"
asks it for ~198 GB), and any rectangle of cells larger than MAX_SHEET_CELLS.
"""

from __future__ import annotations

import re

from questions.importer.errors import INVALID_WORKBOOK, UNSAFE_WORKBOOK

MB = 1024 * 1024
MAX_SHEET_CELLS = 3_000_000
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's grid: A1 to XFD1048576
_REFERENCE = re.compile(rb"([A-Za-z]{1,12})([0-9]{1,12})")


class Refusal(Exception):
    """Raised by the checks; read_workbook turns it into a WorkbookError naming the file."""

    def __init__(self, code: str, reason: str, size: int = 0) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.size = size


def mb(size: int) -> str:
    """A byte count in megabytes as Vietnamese writes it: one decimal, comma, no ",0"."""
    return f"{size / MB:.1f}".removesuffix(".0").replace(".", ",")


def check_cells(rows: int, columns: int, where: str) -> None:
    """Refuse a rectangle of cells larger than MAX_SHEET_CELLS; where names the part or sheet."""
    if rows * columns > MAX_SHEET_CELLS:
        size = f"{rows:,} hàng × {columns:,} cột".replace(",", ".")
        raise Refusal(UNSAFE_WORKBOOK, f"các ô của {where} trải trên {size}")


def check_grid(row: int, column: int, where: str) -> None:
    """Refuse a 1-based position past Excel's last row or column (XFD1048576)."""
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise Refusal(
            UNSAFE_WORKBOOK,
            f"{where} có ô ở hàng {_count(row)}, cột {_count(column)}, "
            "vượt giới hạn của Excel (XFD1048576)",
        )


def cell_position(reference: bytes, where: str) -> tuple[int, int]:
    """The 1-based (row, column) of an A1 reference; refuse one Excel could not have written."""
    match = _REFERENCE.fullmatch(reference.strip())
    if match is None or int(match.group(2)) == 0:
        shown = reference[:20].decode("utf-8", "replace")
        raise Refusal(INVALID_WORKBOOK, f'{where} có địa chỉ ô không hợp lệ "{shown}"')
    letters, digits = match.groups()
    row, column = int(digits), column_number(letters)
    if row > MAX_ROWS or column > MAX_COLUMNS:
        shown = reference[:20].decode()
        raise Refusal(
            UNSAFE_WORKBOOK, f'{where} có ô "{shown}" vượt giới hạn của Excel (XFD1048576)'
        )
    return row, column


def check_range(reference: bytes, where: str) -> None:
    """Refuse a range ("A1:D20" or "B7") past XFD1048576 or spanning more than the cell budget."""
    ends = reference.split(b":")
    if len(ends) > 2:
        shown = reference[:40].decode("utf-8", "replace")
        raise Refusal(INVALID_WORKBOOK, f'{where} có vùng ô không hợp lệ "{shown}"')
    (first_row, first_column), (last_row, last_column) = (
        cell_position(ends[0], where),
        cell_position(ends[-1], where),
    )
    rows, columns = abs(last_row - first_row) + 1, abs(last_column - first_column) + 1
    check_cells(rows, columns, where)


def column_number(letters: bytes) -> int:
    """1-based column number of column letters: A → 1, XFD → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".") if number < 10**12 else "hơn một nghìn tỷ"
