"""Safety checks of OLE2 compound files (.xls, and encrypted Office files), before calamine.

Defends against sector-count lies and cell-count blow-ups: calamine trusts the sector counts of
the container and, in the Workbook stream, the SST string count, each DIMENSIONS record and every
cell's row and column: here the streams are read and the BIFF records walked the way calamine
will read them, in bounded memory, and any cell, dimension or merged range past XFD1048576 is
refused.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

from questions.importer.errors import ENCRYPTED_WORKBOOK, INVALID_WORKBOOK, UNSAFE_WORKBOOK
from questions.importer.safety.limits import Refusal, check_cells, check_grid

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKER = 0xFFFFFFFA  # sector numbers from here up mark chain ends and special sectors
_EOF, _FILEPASS, _BOUNDSHEET, _SST, _DIMENSIONS, _MULRK, _MERGED = (
    0x000A,
    0x002F,
    0x0085,
    0x00FC,
    0x0200,
    0x00BD,
    0x00E5,
)
# Records that place a cell: formula, label-SST, number, label, bool/error, RK (and older forms).
_CELL_RECORDS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x0207, 0x027E})
_CELL_RECORDS |= {0x0002, 0x0003, 0x0004, 0x0005, 0x00D6, 0x0206, 0x0406}
_RECORD = struct.Struct("<HH")


def check_ole(raw: bytes) -> None:
    """Refuse an OLE2 file that is encrypted, is no Excel workbook or would exhaust calamine."""
    streams = ole_streams(raw)
    if {"encryptioninfo", "encryptedpackage"} & streams.keys():
        raise Refusal(ENCRYPTED_WORKBOOK, "tệp có mật khẩu")
    book = streams.get("workbook") or streams.get("book")
    if book is None:
        raise Refusal(INVALID_WORKBOOK, "tệp Office này không phải sổ Excel")
    check_biff(book())


def ole_streams(raw: bytes) -> dict[str, Callable[[], bytes]]:
    """Lower-cased stream names of an OLE2 file, each with a function reading that stream."""
    if len(raw) < 512:
        raise Refusal(INVALID_WORKBOOK, "tệp OLE bị cắt cụt")
    shift, mini_shift = struct.unpack_from("<HH", raw, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise Refusal(INVALID_WORKBOOK, "tệp OLE bị hỏng")
    size = 1 << shift
    directory_count, fat_count, directory_start = struct.unpack_from("<III", raw, 0x28)
    cutoff, minifat_start, minifat_count, difat_start, difat_count = struct.unpack_from(
        "<5I", raw, 0x38
    )
    # calamine sizes buffers from these counts; no honest file counts more sectors than it has.
    if max(directory_count, fat_count, minifat_count, difat_count) * size > len(raw):
        raise Refusal(UNSAFE_WORKBOOK, "tệp OLE khai báo nhiều sector hơn kích thước thật")

    def sector(number: int) -> bytes:
        offset = (number + 1) * size
        if offset >= len(raw):
            raise Refusal(INVALID_WORKBOOK, "tệp OLE bị cắt cụt")
        return raw[offset : offset + size].ljust(size, b"\0")

    difat = list(struct.unpack_from("<109I", raw, 0x4C))
    for _ in range(min(difat_count, len(raw) // size)):
        if difat_start >= _MARKER:
            break
        entries = struct.unpack(f"<{size // 4}I", sector(difat_start))
        difat.extend(entries[:-1])
        difat_start = entries[-1]
    fat: list[int] = []
    for number in difat[:fat_count]:
        if number < _MARKER:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))

    def read(start: int, length: int, table: list[int], block: Callable[[int], bytes]) -> bytes:
        if length > len(raw):
            raise Refusal(INVALID_WORKBOOK, "tệp OLE bị hỏng")
        return b"".join(block(number) for number in _chain(start, table))[:length]

    directory = read(directory_start, len(raw), fat, sector)
    entries = {}
    for offset in range(0, len(directory) - 127, 128):
        name_length, kind = struct.unpack_from("<HB", directory, offset + 64)
        start, length = struct.unpack_from("<IQ", directory, offset + 116)
        if kind not in (1, 2, 5) or not 2 <= name_length <= 64:
            continue
        if size == 512:
            length &= 0xFFFFFFFF  # version 3 files leave the high half undefined
        if length > len(raw):
            raise Refusal(UNSAFE_WORKBOOK, "tệp OLE khai báo luồng lớn hơn chính tệp")
        name = directory[offset : offset + name_length - 2].decode("utf-16-le", "replace")
        entries[name.lower() if kind != 5 else "\0root"] = (start, length)

    def mini_stream() -> tuple[list[int], bytes]:
        minifat = b"".join(sector(number) for number in _chain(minifat_start, fat))
        root_start, root_length = entries.get("\0root", (_MARKER, 0))
        return list(struct.unpack(f"<{len(minifat) // 4}I", minifat)), read(
            root_start, root_length, fat, sector
        )

    def loader(start: int, length: int) -> Callable[[], bytes]:
        if length >= cutoff:
            return lambda: read(start, length, fat, sector)

        def small() -> bytes:
            table, stream = mini_stream()
            return read(start, length, table, lambda number: stream[number * 64 : number * 64 + 64])

        return small

    return {name: loader(*place) for name, place in entries.items() if name != "\0root"}


def _chain(start: int, table: list[int]) -> Iterator[int]:
    seen = 0
    while start < _MARKER:
        if start >= len(table) or seen > len(table):
            raise Refusal(INVALID_WORKBOOK, "tệp OLE bị hỏng")
        yield start
        seen += 1
        start = table[start]


def check_biff(stream: bytes) -> None:
    """Check an .xls Workbook stream the way calamine will read it, before it does.

    calamine reads the globals up to the first EOF, then each sheet from the offset its
    BoundSheet record gives; it trusts the SST string count and each DIMENSIONS record to size
    its buffers, and places cells by their row and column. Each of those is bounded here.
    """
    sheets = []
    for kind, body, length in _records(stream, 0):
        if kind == _FILEPASS:
            raise Refusal(ENCRYPTED_WORKBOOK, "tệp có mật khẩu")
        if kind == _BOUNDSHEET and length >= 4:
            sheets.append(struct.unpack_from("<I", stream, body)[0])
        elif (
            kind == _SST
            and length >= 8
            and struct.unpack_from("<i", stream, body + 4)[0] > len(stream)
        ):
            raise Refusal(UNSAFE_WORKBOOK, "bảng chuỗi của tệp .xls khai báo quá nhiều chuỗi")
    for number, start in enumerate(sheets, start=1):
        _check_biff_sheet(stream, start, f"trang tính thứ {number}")


def _records(stream: bytes, position: int) -> Iterator[tuple[int, int, int]]:
    """(type, body offset, length) of each record from position up to EOF or a cut-off record."""
    end = len(stream)
    while position + 4 <= end:
        kind, length = _RECORD.unpack_from(stream, position)
        if kind == _EOF or position + 4 + length > end:
            return
        yield kind, position + 4, length
        position += 4 + length


def _check_biff_sheet(stream: bytes, start: int, where: str) -> None:
    rows = columns = 0
    for kind, body, length in _records(stream, start):
        if kind in _CELL_RECORDS and length >= 4:
            row, column = _RECORD.unpack_from(stream, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == _MULRK and length >= 6:
            row = _RECORD.unpack_from(stream, body)[0]
            last = struct.unpack_from("<H", stream, body + length - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _DIMENSIONS and length in (10, 14):
            _check_dimensions(stream, body, length, where)
        elif kind == _MERGED and length >= 2:
            _check_merged(stream, body, length, where)
    check_grid(rows, columns, where)
    check_cells(rows, columns, where)


def _check_dimensions(stream: bytes, body: int, length: int, where: str) -> None:
    if length == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", stream, body)
    else:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", stream, body)
    # The last row and column are one past the used area ("rwMac", "colMac").
    check_grid(max(first_row, last_row), max(first_column, last_column), f"{where} (DIMENSIONS)")
    check_cells(*_declared_size(stream, body, length), where)


def _check_merged(stream: bytes, body: int, length: int, where: str) -> None:
    (count,) = struct.unpack_from("<H", stream, body)
    for offset in range(body + 2, body + min(length, 2 + 8 * count), 8):
        if offset + 8 > body + length:
            break
        first_row, last_row, first_column, last_column = struct.unpack_from("<4H", stream, offset)
        check_grid(last_row + 1, last_column + 1, f"{where} (ô gộp)")
        rows, columns = abs(last_row - first_row) + 1, abs(last_column - first_column) + 1
        check_cells(rows, columns, f"{where} (ô gộp)")


def _declared_size(stream: bytes, body: int, length: int) -> tuple[int, int]:
    # calamine reserves rows × columns cells from this record, in wrapping 32-bit arithmetic.
    if length == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", stream, body)
    else:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", stream, body)
    if not (last_row and last_column):
        return 1, 1
    return (last_row - first_row) % 2**32, (last_column - first_column) % 2**32
