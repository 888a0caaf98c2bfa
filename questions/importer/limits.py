"""The refusal every safety check raises, and the cell cap the .xlsx, .ods and .xls scans share."""

from __future__ import annotations

from questions.importer.errors import UNSAFE_WORKBOOK

MB = 1024 * 1024
MAX_SHEET_CELLS = 3_000_000


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
