"""Streaming scans of a workbook's XML parts: whole tags out of chunks, and the cell rectangle.

Defends against cell-count blow-ups: calamine allocates the whole rectangle between the furthest
cells of a sheet, so each scan here works out that rectangle the way calamine will, in bounded
memory, and refuses one too large; every cell reference, row number, dimension and merged range
past XFD1048576 is refused too, whatever calamine would make of it.
"""

from __future__ import annotations

import re

from questions.importer.errors import UNSAFE_WORKBOOK
from questions.importer.safety.limits import (
    MB,
    Refusal,
    cell_position,
    check_cells,
    check_grid,
    check_range,
    column_number,
)

MAX_TAG = MB
_SQUEEZE = re.compile(rb"[\s\x00]{2,}|\"[^\"<>]{1024,}\"|'[^'<>]{1024,}'")
# Excel and every library write each cell and row as `<c r="B7"` / `<row r="7"`. A tag not
# starting so, or whose reference is past column Z or row 99,999, or a namespace-prefixed one,
# sends the part to the exact check; the others are bounded by Z99999 (2.6 million cells).
_ODD_TAG = re.compile(rb'<(?:c(?! r="[A-Za-z]\d{1,5}")|row(?! r="\d{1,5}"))[\s>/]')
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s>/]")
_UNREFERENCED = re.compile(rb'<c(?! r="[A-Za-z]{1,3}\d{1,7}")[\s>/]')
_CELL_ROWS = re.compile(rb'<c r="[A-Za-z]{1,3}(\d{1,7})"')
_CELL_COLUMNS = re.compile(rb'<c r="([A-Za-z]{1,3})\d{1,7}"')
# A dimension or merged range: calamine reads both, and other readers size buffers from them.
_RANGE_REST = re.compile(rb"(?=[\s/>])([^>]*)>")
_RANGE_WORDS = (b"dimension", b"mergeCell")
_REF_ATTRIBUTE = re.compile(rb"(?:^|\s)ref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XLSX_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTRIBUTE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_ODS_SPACES = re.compile(rb"text:c\s*=\s*[\"']\s*(\d+)")
MAX_SPACES = 1_000_000
_ODS_SPAN = re.compile(rb"table:number-(rows|columns)-spanned\s*=\s*[\"']\s*(\d+)")
_ODS_REPEAT = re.compile(rb"table:number-(?:rows|columns)-repeated\s*=\s*[\"']\s*(\d+)")
_ODS_VALUE = re.compile(
    rb"office:(?:value|string-value|date-value|time-value|boolean-value)\s*="
    rb"|office:value-type\s*=\s*[\"']string|table:formula\s*="
)


class TagSplitter:
    """Cuts an inflated stream into segments that never split a tag, so regexes see whole tags."""

    __slots__ = ("carry",)

    def __init__(self) -> None:
        self.carry = b""

    def feed(self, chunk: bytes) -> list[bytes]:
        """The complete part of what has been fed so far; the unfinished tag is kept back."""
        text = self.carry + chunk if self.carry else chunk
        cut = text.rfind(b"<")
        if cut < 0:
            self.carry = b""
            return [text]
        segment, self.carry = text[:cut], text[cut:]
        if len(self.carry) > MAX_TAG:
            closed = self.carry.find(b">")
            if closed >= 0:  # a long text node after a short tag: no tag is left open
                segment, self.carry = segment + self.carry[: closed + 1], b""
            else:  # padding inside a tag could hide an attribute from the regexes
                self.carry = _SQUEEZE.sub(b" ", self.carry)
                if len(self.carry) > MAX_TAG:
                    raise Refusal(UNSAFE_WORKBOOK, "có thẻ XML dài bất thường")
        return [segment]

    def flush(self) -> bytes:
        """Whatever was kept back, at the end of the stream."""
        tail, self.carry = self.carry, b""
        return tail


class XlsxTripwire:
    """Cheap check that a part writes its cells canonically, near the top-left corner.

    It also checks the dimension and merged ranges where readers meet them, before and after
    the cell data (the tail is kept for that), which no later scan looks at.
    """

    __slots__ = ("tripped", "before", "tail")

    def __init__(self) -> None:
        self.tripped = False
        self.before = True  # no <sheetData> yet: a dimension may stand here
        self.tail: list[bytes] = []  # the last segments, where merged ranges follow the data

    def feed(self, segment: bytes) -> None:
        """Look at one segment; a single odd tag is enough to want the exact check."""
        if not self.tripped:
            found = _ODD_TAG.search(segment) or _PREFIXED_TAG.search(segment)
            self.tripped = found is not None
        if self.before:
            start = segment.find(b"sheetData")
            self.before = start < 0
            _check_ranges(segment, 0, len(segment) if start < 0 else start)
        self.tail = [*self.tail[-1:], segment]

    def finish(self, name: str) -> bool:
        """True when the part needs XlsxExtent."""
        tail = b"".join(self.tail)
        end = tail.rfind(b"sheetData")
        _check_ranges(tail, max(end, 0), len(tail))
        return self.tripped


def _check_ranges(segment: bytes, start: int, end: int) -> None:
    for word in _RANGE_WORDS:  # found by bytes.find: a regex over megabytes costs more
        at = segment.find(word, start, end)
        while at >= 0:
            rest = _RANGE_REST.match(segment, at + len(word))
            if rest is not None and segment[at - 1 : at] in (b"<", b":"):
                _check_range_tag(rest.group(1))
            at = segment.find(word, at + 1, end)


def _check_range_tag(attributes: bytes) -> None:
    match = _REF_ATTRIBUTE.search(attributes)
    if match is not None:
        check_range(match.group(1) or match.group(2) or b"", "vùng ô khai báo")


class XlsxReferences:
    """Exact extent of a part whose tags are all canonical, read from the references alone."""

    __slots__ = ("rows", "columns", "odd")

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self.odd = False

    def feed(self, segment: bytes) -> None:
        """Take the largest row and column referenced in one segment."""
        if self.odd or _UNREFERENCED.search(segment) or _PREFIXED_TAG.search(segment):
            self.odd = True
            return
        rows = _CELL_ROWS.findall(segment)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        for letters in set(_CELL_COLUMNS.findall(segment)):
            self.columns = max(self.columns, column_number(letters))

    def finish(self, name: str) -> bool:
        """True when some tag is not canonical; otherwise refuse a too-wide part or pass it."""
        if not self.odd:
            check_grid(self.rows, self.columns, f"phần {name}")
            check_cells(self.rows, self.columns, f"phần {name}")
        return self.odd


class XlsxExtent:
    """Where calamine would put each cell of a part; a cell without r follows its neighbour."""

    __slots__ = ("row", "column", "rows", "columns", "in_cell")

    def __init__(self) -> None:
        self.row = self.column = self.rows = self.columns = 0
        self.in_cell = False

    def feed(self, segment: bytes) -> None:
        """Follow the row and cell tags of one segment, as calamine's reader does."""
        for closing, name, attributes in _XLSX_TAG.findall(segment):
            if attributes.endswith(b"/"):
                continue  # calamine skips empty <c/> and <row/> elements
            if name == b"c":
                self._cell(closing, attributes)
            elif self.in_cell:
                continue  # inside a cell calamine reads values only, until the next </c>
            elif closing:
                self.row, self.column = self.row + 1, 0
            elif (ref := _r_value(attributes)) is not None:
                self.row = _row_number(ref) - 1

    def _cell(self, closing: bytes, attributes: bytes) -> None:
        if closing or self.in_cell:
            self.in_cell = not closing and self.in_cell
            return
        ref = _r_value(attributes)
        if ref is None:
            row, column = self.row, self.column
        else:
            row, column = (number - 1 for number in cell_position(ref, "phần bảng tính"))
        self.column, self.in_cell = column + 1, True
        self.rows, self.columns = max(self.rows, row + 1), max(self.columns, column + 1)

    def finish(self, name: str) -> bool:
        """Refuse a part whose cells pass XFD1048576 or span more than MAX_SHEET_CELLS."""
        check_grid(self.rows, self.columns, f"phần {name}")
        check_cells(self.rows, self.columns, f"phần {name}")
        return False


class OdsExtent:
    """The rectangle calamine builds from each ODS table, where repeated rows and cells multiply."""

    __slots__ = ("rows", "repeat", "position", "row_width", "width", "first", "last", "depth")
    __slots__ += ("spaces",)

    def __init__(self) -> None:
        self.rows = self.position = self.row_width = self.width = self.last = self.depth = 0
        self.repeat, self.first, self.spaces = 1, -1, 0

    def feed(self, segment: bytes) -> None:
        """Follow the row and cell tags of one segment."""
        # <text:s text:c="n"/> stands for n spaces, which calamine writes out in full.
        self.spaces += sum(map(int, _ODS_SPACES.findall(segment)))
        if self.spaces > MAX_SPACES:
            raise Refusal(UNSAFE_WORKBOOK, "nội dung ODS khai báo hàng triệu dấu cách")
        for closing, name, attributes in _ODS_TAG.findall(segment):
            empty = attributes.endswith(b"/")
            if name == b"table":
                self._table(closing or empty)
            elif name != b"table-row":
                self._cell(closing, attributes, empty)
            elif self.depth:  # a question bank never nests tables inside cells
                raise Refusal(UNSAFE_WORKBOOK, "bảng ODS lồng trong ô")
            elif closing or empty:
                self._end_row(_repeat(attributes) if empty else self.repeat)
            else:
                self.repeat, self.position, self.row_width = _repeat(attributes), 0, 0

    def _table(self, ending: bytes | bool) -> None:
        if self.depth:  # a question bank never nests tables inside cells
            raise Refusal(UNSAFE_WORKBOOK, "bảng ODS lồng trong ô")
        if ending:
            self.finish("nội dung ODS")
        self.rows = self.width = self.last = 0
        self.first = -1

    def _cell(self, closing: bytes, attributes: bytes, empty: bool) -> None:
        if closing:
            self.depth = max(self.depth - 1, 0)
            return
        if self.depth:
            raise Refusal(UNSAFE_WORKBOOK, "bảng ODS lồng trong ô")
        self.depth += 0 if empty else 1
        self.position += _repeat(attributes)
        if _ODS_VALUE.search(attributes):
            self.row_width = self.position
            check_grid(self.rows + 1, self.position, "nội dung ODS")
        for axis, count in _ODS_SPAN.findall(attributes):
            spanned = (int(count), 1) if axis == b"rows" else (1, int(count))
            check_grid(*spanned, "vùng ô gộp của nội dung ODS")
            check_cells(*spanned, "vùng ô gộp của nội dung ODS")

    def _end_row(self, repeat: int) -> None:
        if self.row_width:
            self.first = self.rows if self.first < 0 else self.first
            self.last, self.width = self.rows + repeat, max(self.width, self.row_width)
            check_grid(self.last, self.width, "nội dung ODS")
        self.rows += repeat
        self.position = self.row_width = 0

    def finish(self, name: str) -> bool:
        """Refuse a table whose filled rectangle exceeds MAX_SHEET_CELLS."""
        height = self.last - self.first if self.first >= 0 else 0
        check_cells(height, self.width, name if name == "nội dung ODS" else f"phần {name}")
        return False


Extent = XlsxTripwire | XlsxReferences | XlsxExtent | OdsExtent


def _r_value(attributes: bytes) -> bytes | None:
    match = _R_ATTRIBUTE.search(attributes)
    if match is None:
        return None
    double, single = match.groups()
    return double if double is not None else single


def _row_number(ref: bytes) -> int:
    # calamine reads a row's r like a cell reference whose column it ignores.
    if ref.isdigit() and int(ref) > 0:
        row = int(ref)
        check_grid(row, 1, "phần bảng tính")
        return row
    return cell_position(ref, "phần bảng tính")[0]


def _repeat(attributes: bytes) -> int:
    match = _ODS_REPEAT.search(attributes)
    return int(match.group(1)) if match else 1
