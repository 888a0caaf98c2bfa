"""Safety checks of zip containers (.xlsx, .xlsm, .ods, .docx), run on the raw bytes first.

Defends against zip bombs (declared and real sizes, compression ratios, member counts), entity
expansion (a DTD or ENTITY in any XML part is refused), path tricks (two members of one name),
and cell or paragraph blow-ups: each member is inflated here under hard caps, its prolog searched
for declarations and its tags fed to the extent scans before calamine or python-docx reads it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from defusedxml import ElementTree

from questions.importer.errors import ENCRYPTED_WORKBOOK, INVALID_WORKBOOK, UNSAFE_WORKBOOK
from questions.importer.safety.extents import (
    Extent,
    OdsExtent,
    TagSplitter,
    XlsxExtent,
    XlsxReferences,
    XlsxTripwire,
)
from questions.importer.safety.limits import MB, Refusal, mb

MAX_PART_BYTES = 200 * MB
MAX_TOTAL_BYTES = 300 * MB
MAX_RATIO = 200  # for parts over 1 MB; real sheets compress about 10:1
MAX_MEMBERS = 10_000
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_DECLARATION = re.compile(rb"<![^-\[]")  # <!DOCTYPE, <!ENTITY; comments and CDATA are fine
_ROOT_TAG = re.compile(rb"<[A-Za-z_:]")
_UNIQUE_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']\s*(\d+)")
_UTF16_XML = re.compile(rb"(?:\xff\xfe|\xfe\xff)?(?:\x00?[ \t\r\n]\x00?)*(?:<\x00|\x00<)")
_INPUT_CHUNK = 64 * 1024
_OUTPUT_CHUNK = MB


def check_zip(raw: bytes) -> None:
    """Refuse a zip workbook that is damaged, encrypted, too large or shaped to exhaust calamine."""
    archive = _open_zip(raw)
    members = archive.infolist()
    _check_sizes(members)
    names = {member.filename for member in members}
    if len(names) < len(members):  # two readers could pick different copies of a part
        raise Refusal(UNSAFE_WORKBOOK, "tệp nén chứa hai phần cùng tên")
    if "xl/workbook.bin" in names:
        raise Refusal(INVALID_WORKBOOK, "định dạng .xlsb chưa được hỗ trợ")
    ods = (
        "mimetype" in names
        and _member_bytes(raw, archive.getinfo("mimetype")).strip() == ODS_MIMETYPE
    )
    if not ods and "xl/workbook.xml" not in names:
        raise Refusal(INVALID_WORKBOOK, "tệp nén không chứa bảng tính")
    for member in members:
        # Every part is checked as a sheet could be, whichever way calamine reads the file.
        ods_content = (OdsExtent(),) if ods and member.filename == "content.xml" else ()
        # Then, only for parts that need it: the references counted exactly, and if some tags
        # are not even canonical, calamine's placement of cells followed tag by tag (slow).
        if _scan_member(raw, member, (XlsxTripwire(), *ods_content)) and _scan_member(
            raw, member, (XlsxReferences(),)
        ):
            _scan_member(raw, member, (XlsxExtent(),))
    if ods and "META-INF/manifest.xml" in names:
        _check_manifest(_member_bytes(raw, archive.getinfo("META-INF/manifest.xml")))


MAX_DOCUMENT_BYTES = 60 * MB
MAX_PARAGRAPHS = 200_000  # a 2,000-question list has about 15,000
_PARAGRAPH_TAGS = re.compile(rb"<w:(?:p|tc)[\s>/]")


class _ParagraphCount:
    """Counts paragraphs and table cells of word/document.xml, refusing an absurd number."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def feed(self, segment: bytes) -> None:
        self.count += len(_PARAGRAPH_TAGS.findall(segment))
        if self.count > MAX_PARAGRAPHS:
            raise Refusal(
                UNSAFE_WORKBOOK, f"văn bản có hơn {MAX_PARAGRAPHS:,} đoạn".replace(",", ".")
            )

    def finish(self, name: str) -> bool:
        return False


def check_docx(raw: bytes) -> None:
    """Refuse a Word document that is damaged, encrypted, too large or built to exhaust a reader."""
    archive = _open_zip(raw)
    members = archive.infolist()
    _check_sizes(members)
    names = {member.filename for member in members}
    if len(names) < len(members):
        raise Refusal(UNSAFE_WORKBOOK, "tệp nén chứa hai phần cùng tên")
    if "word/document.xml" not in names:
        raise Refusal(INVALID_WORKBOOK, "tệp nén không chứa văn bản Word")
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size > MAX_DOCUMENT_BYTES:
            raise Refusal(
                UNSAFE_WORKBOOK, f"phần {member.filename} giải nén ra {mb(member.file_size)} MB"
            )
        counter = (_ParagraphCount(),) if member.filename == "word/document.xml" else ()
        _scan_member(raw, member, counter)  # type: ignore[arg-type]


def _open_zip(raw: bytes) -> zipfile.ZipFile:
    # The entry count is read first: parsing a million-entry directory is itself costly.
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 22 > len(raw):
        raise Refusal(INVALID_WORKBOOK, "tệp nén bị hỏng")
    if struct.unpack_from("<H", raw, end + 10)[0] > MAX_MEMBERS:
        raise Refusal(UNSAFE_WORKBOOK, "tệp nén chứa quá nhiều phần")
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
        raise Refusal(INVALID_WORKBOOK, "tệp nén bị hỏng") from None


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise Refusal(ENCRYPTED_WORKBOOK, "tệp nén có mật khẩu")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refusal(INVALID_WORKBOOK, f"phần {member.filename} dùng kiểu nén lạ")
        size = member.file_size
        if size > MAX_PART_BYTES:
            raise Refusal(UNSAFE_WORKBOOK, f"phần {member.filename} giải nén ra {mb(size)} MB")
        if size > MB and size > MAX_RATIO * max(member.compress_size, 1):
            raise Refusal(
                UNSAFE_WORKBOOK, f"phần {member.filename} có tỷ lệ nén bất thường (bom giải nén)"
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise Refusal(UNSAFE_WORKBOOK, f"các phần giải nén ra tổng cộng {mb(total)} MB")


def _inflate(raw: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its declared size, which is already capped."""
    start = member.header_offset
    if raw[start : start + 4] != ZIP_MAGIC:
        raise Refusal(INVALID_WORKBOOK, "tệp nén bị hỏng")
    name_length, extra_length = struct.unpack_from("<HH", raw, start + 26)
    start += 30 + name_length + extra_length
    end = start + member.compress_size
    if end > len(raw):
        raise Refusal(INVALID_WORKBOOK, "tệp nén bị cắt cụt")
    view = memoryview(raw)
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(start, end, _OUTPUT_CHUNK):
            yield bytes(view[offset : min(offset + _OUTPUT_CHUNK, end)])
        return
    inflater = zlib.decompressobj(-15)
    produced = 0
    try:
        for offset in range(start, end, _INPUT_CHUNK):
            pending: bytes | memoryview = view[offset : min(offset + _INPUT_CHUNK, end)]
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _OUTPUT_CHUNK)
                produced += len(out)
                if produced > member.file_size:
                    raise Refusal(
                        UNSAFE_WORKBOOK,
                        f"phần {member.filename} giải nén ra nhiều hơn kích thước khai báo",
                    )
                yield out
                pending = inflater.unconsumed_tail
    except zlib.error:
        raise Refusal(INVALID_WORKBOOK, f"phần {member.filename} bị hỏng") from None


def _member_bytes(raw: bytes, member: zipfile.ZipInfo, limit: int = MB) -> bytes:
    if member.file_size > limit:
        raise Refusal(INVALID_WORKBOOK, f"phần {member.filename} lớn bất thường")
    return b"".join(_inflate(raw, member))


def _scan_member(raw: bytes, member: zipfile.ZipInfo, extents: tuple[Extent, ...]) -> bool:
    """Inflate one member under its caps, refuse DTDs in XML, feed the extent checks whole tags.

    Returns True when a cheap extent check wants the exact one run on this member.
    """
    splitter = TagSplitter()
    prolog: bool | None = None  # in an XML part's prolog, where a DTD would stand
    for chunk in _inflate(raw, member):
        if prolog is None:
            prolog = _looks_like_xml(chunk, member.filename)
        for segment in splitter.feed(chunk):
            prolog = _check_segment(segment, member, prolog, extents)
    _check_segment(splitter.flush(), member, bool(prolog), extents)
    return any([extent.finish(member.filename) for extent in extents])


def _check_segment(
    segment: bytes, member: zipfile.ZipInfo, prolog: bool, extents: tuple[Extent, ...]
) -> bool:
    """Check one segment; returns whether the XML prolog goes on past it."""
    # Only XML prologs are searched for declarations: binary parts hold "<!" by chance.
    if prolog:
        root = _ROOT_TAG.search(segment)
        if _DECLARATION.search(segment if root is None else segment[: root.start()]):
            raise Refusal(UNSAFE_WORKBOOK, f"phần {member.filename} chứa khai báo DTD/ENTITY")
        prolog = root is None
    # calamine sizes its string table from uniqueCount before reading a single string.
    if any(int(count) > member.file_size for count in _UNIQUE_COUNT.findall(segment)):
        raise Refusal(UNSAFE_WORKBOOK, f"phần {member.filename} khai báo số chuỗi bất thường")
    for extent in extents:
        extent.feed(segment)
    return prolog


def _looks_like_xml(head: bytes, name: str) -> bool:
    # UTF-16 XML would slip past every byte pattern here; no spreadsheet writer produces it.
    if _UTF16_XML.match(head):
        raise Refusal(UNSAFE_WORKBOOK, f"phần {name} không dùng mã UTF-8")
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return not start or start.startswith(b"<")


def _check_manifest(manifest: bytes) -> None:
    try:
        root = ElementTree.fromstring(manifest)
    except Exception:  # noqa: BLE001 - defusedxml raises several types; any means unreadable
        raise Refusal(INVALID_WORKBOOK, "tệp kê khai ODS bị hỏng") from None
    if any(element.tag.endswith("encryption-data") for element in root.iter()):
        raise Refusal(ENCRYPTED_WORKBOOK, "tệp ODS có mật khẩu")
