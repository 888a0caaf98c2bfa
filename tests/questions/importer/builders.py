"""Builders for the importer specs: question banks and hostile files, made by the tests."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from questions.importer import ParseReport, parse_workbook

# shared/ sits beside the checkout (../shared), or beside the folder of worktrees.
_ROOT = Path(__file__).resolve().parents[3]
SAMPLES = next(
    (
        path
        for path in (_ROOT.parent / "shared" / "samples", _ROOT.parents[1] / "shared" / "samples")
        if path.exists()
    ),
    _ROOT / ".." / "shared" / "samples",
)
MB = 1024 * 1024
HEADER = [
    "STT",
    "Câu hỏi",
    "Loại câu hỏi",
    "Phương án A",
    "Phương án B",
    "Phương án C",
    "Phương án D",
    "Đáp án đúng",
    "Chủ đề",
    "Mức độ",
    "Căn cứ pháp lý",
    "Giải thích",
]


def bank_row(
    question: str,
    options: Sequence[object],
    answer: object,
    *,
    qtype: str = "",
    topic: str = "",
    level: str = "",
    legal: str = "",
    explain: str = "",
) -> list[object]:
    """One row in the canonical layout (HEADER), options padded to four."""
    padded = [*options, *[""] * (4 - len(options))]
    return [1, question, qtype, *padded, answer, topic, level, legal, explain]


def xlsx_bytes(
    sheets: dict[str, list[list[object]]], merges: dict[str, str] | None = None
) -> bytes:
    """A workbook written by openpyxl, one sheet per entry; None cells stay empty."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merges and name in merges:
            sheet.merge_cells(merges[name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """A copy of a zip workbook whose member ``name`` went through ``edit``; CRCs stay right."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, edit(content) if info.filename == name else content)
    return buffer.getvalue()


def far_reference_bank(reference: str) -> bytes:
    """A small bank made by openpyxl whose first question cell (B2) now says ``reference``."""
    rows = [HEADER] + [bank_row(f"Câu {n}?", ["Có", "Không"], "A") for n in range(1, 6)]
    data = xlsx_bytes({"S": rows})
    new = f'r="{reference}"'.encode()
    return with_member(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'r="B2"', new))


SOFFICE = shutil.which("soffice")


def soffice_convert(source: Path, extension: str) -> Path:
    """The file LibreOffice writes when it converts source to ``extension`` (next to it)."""
    assert SOFFICE is not None
    profile = source.parent / "lo-profile"
    subprocess.run(  # noqa: S603 - LibreOffice on our own files
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            extension,
            "--outdir",
            str(source.parent / extension),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.parent / extension / f"{source.stem}.{extension}"


def parse(data: bytes | Path, filename: str = "ngan-hang.xlsx", **options: object) -> ParseReport:
    """parse_workbook with a plausible filename."""
    return parse_workbook(data, filename, **options)  # type: ignore[arg-type]


def error_keys(report: ParseReport) -> list[tuple[str, int, str | None, str]]:
    """(sheet, row, column, code) of every error, in report order."""
    return [(error.sheet, error.row, error.column, error.code) for error in report.errors]


# --- raw zip members, for bombs and hand-made formats -------------------------------------------


@dataclass
class Part:
    """A zip member as stored: payload already compressed, declared sizes free to lie."""

    name: str
    payload: bytes
    size: int
    method: int = zipfile.ZIP_DEFLATED
    crc: int = 0


def deflated(data: bytes) -> bytes:
    """Raw deflate, as zip stores it."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def part(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Part:
    """An honest member."""
    payload = deflated(data) if method == zipfile.ZIP_DEFLATED else data
    return Part(name, payload, len(data), method, zlib.crc32(data))


def deflated_filler(total: int, byte: bytes = b" ", prefix: bytes = b"") -> bytes:
    """Raw deflate of prefix + total filler bytes, built from one repeated block (~1 KB per MB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(byte * MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + block * (total // MB) + compressor.flush()


def build_zip(parts: list[Part]) -> bytes:
    """A zip archive written by hand, so a member can declare any size."""
    body, directory = bytearray(), bytearray()
    for member in parts:
        name, offset = member.name.encode(), len(body)
        sizes = (member.crc, len(member.payload), member.size, len(name))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, member.method, 0, 0, *sizes, 0)
        body += name + member.payload
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            member.method,
            0,
            0,
            *sizes,
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    b'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    b'workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    b'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = b"</sheetData></worksheet>"


def inline_cell(ref: str, text: str) -> bytes:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def minimal_xlsx(sheet: Part | bytes, extra: Sequence[Part] = ()) -> bytes:
    """The smallest workbook calamine opens, with the given sheet part (raw XML or a Part)."""
    sheet_part = sheet if isinstance(sheet, Part) else part("xl/worksheets/sheet1.xml", sheet)
    sheet_part.name = "xl/worksheets/sheet1.xml"
    parts = [
        part("[Content_Types].xml", _CONTENT_TYPES),
        part("_rels/.rels", _ROOT_RELS),
        part("xl/workbook.xml", _WORKBOOK),
        part("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        sheet_part,
        *extra,
    ]
    return build_zip(parts)


def billion_laughs(root: bytes) -> bytes:
    """A DTD whose entities expand to ~3 GB, then the given document using the last one."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return b'<?xml version="1.0"?><!DOCTYPE lolz [' + entities + b"]>" + root


# --- OpenDocument spreadsheets, written by hand ------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
ODS_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    b'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:'
    b'full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def ods_cell(value: object) -> str:
    """One table cell: numbers as floats, everything else as a string paragraph."""
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        kind, text = f'office:value-type="float" office:value="{value}"', str(value)
    else:
        kind, text = 'office:value-type="string"', escape(str(value))
    return f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>"


def ods_content(tables: str) -> bytes:
    """content.xml around raw table markup."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}><office:body>'
        f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def ods_bytes(sheets: dict[str, list[list[object]]], manifest: bytes = ODS_MANIFEST) -> bytes:
    """An .ods file as LibreOffice lays it out: mimetype first and stored."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(map(ods_cell, row)) + "</table:table-row>" for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return ods_zip(ods_content(tables), manifest)


def ods_zip(content: bytes, manifest: bytes = ODS_MANIFEST) -> bytes:
    """Package a content.xml as an .ods archive."""
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    return build_zip(
        [
            part("mimetype", mimetype, zipfile.ZIP_STORED),
            part("content.xml", content),
            part("META-INF/manifest.xml", manifest),
        ]
    )


# --- OLE2 compound files, written by hand ------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(stream_names: Sequence[str]) -> bytes:
    """A minimal compound file (one FAT sector, one directory sector) with empty streams."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[free] * 108)
    fat = struct.pack("<128I", fat_sector, end, *[free] * 126)
    entries = [("Root Entry", 5), *((name, 2) for name in stream_names)]
    count = len(entries)
    directory = b"".join(_ole_entry(name, kind, i, count) for i, (name, kind) in enumerate(entries))
    directory = directory.ljust(512, b"\0")
    return bytes(header) + fat + directory


def _ole_entry(name: str, kind: int, index: int = 0, count: int = 1) -> bytes:
    # The streams hang off the root as a chain of right siblings, which every reader accepts.
    none = 0xFFFFFFFF
    right = index + 1 if 0 < index < count - 1 else none
    child = 1 if index == 0 and count > 1 else none
    encoded = name.encode("utf-16-le") + b"\0\0"
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 68, none, right, child)
    struct.pack_into("<IQ", entry, 116, 0xFFFFFFFE, 0)
    return bytes(entry)


def ole_small_stream(name: str, data: bytes) -> bytes:
    """A compound file whose one stream is under 4,096 bytes, so it lives in the mini stream."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    minis = -(-len(data) // 64)
    container = data.ljust(minis * 64, b"\0")
    container_sectors = -(-len(container) // 512)
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, 2, 1, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[free] * 108)
    chain = [*range(4, 3 + container_sectors), end]  # the container from sector 3 on
    fat = struct.pack("<128I", fat_sector, end, end, *chain, *[free] * (125 - len(chain)))
    minifat = struct.pack("<128I", *range(1, minis), end, *[free] * (128 - minis))
    root = bytearray(_ole_entry("Root Entry", 5, 0, 2))
    struct.pack_into("<IQ", root, 116, 3, len(container))
    stream = bytearray(_ole_entry(name, 2, 1, 2))
    struct.pack_into("<IQ", stream, 116, 0, len(data))
    directory = (bytes(root) + bytes(stream)).ljust(512, b"\0")
    return (
        bytes(header) + fat + directory + minifat + container.ljust(container_sectors * 512, b"\0")
    )


def biff_records(*records: tuple[int, bytes]) -> bytes:
    """An .xls Workbook stream from (record type, body) pairs."""
    return b"".join(struct.pack("<HH", kind, len(body)) + body for kind, body in records)
