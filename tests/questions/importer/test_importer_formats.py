"""The same bank reads the same from .xlsx, .xlsm, .xls and .ods, from bytes or from disk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from questions.importer import WorkbookError
from tests.questions.importer.builders import (
    HEADER,
    OLE_MAGIC,
    SHEET_CLOSE,
    SHEET_OPEN,
    SOFFICE,
    bank_row,
    inline_cell,
    minimal_xlsx,
    ods_bytes,
    ods_cell,
    ods_content,
    ods_zip,
    parse,
    soffice_convert,
    xlsx_bytes,
)

ROWS = [
    HEADER,
    bank_row(
        "Nữ từ đủ bao nhiêu tuổi được kết hôn?",
        [18, 20, 16, 21.5],
        "A",
        qtype="Một đáp án",
        topic="Hôn nhân",
    ),
    bank_row("Hiến pháp là luật cơ bản.", ["Đúng", "Sai"], "Đúng", level="Dễ", topic="Hiến pháp"),
]
VBA_TYPE = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
EXPECTED = [
    ("Nữ từ đủ bao nhiêu tuổi được kết hôn?", ("18", "20", "16", "21.5"), "single", "Hôn nhân"),
    ("Hiến pháp là luật cơ bản.", ("Đúng", "Sai"), "true_false", "Hiến pháp"),
]


def _summary(report) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(q.text, tuple(o.text for o in q.options), q.qtype, q.topic) for q in report.questions]


def test_xlsx_from_bytes_and_from_a_path(bank_file) -> None:
    data = xlsx_bytes({"Ngân hàng": ROWS})
    assert _summary(parse(data)) == EXPECTED
    assert _summary(parse(bank_file(data))) == EXPECTED
    assert _summary(parse(str(bank_file(data)))) == EXPECTED


def test_xlsm_data_is_read_and_its_macros_ignored() -> None:
    source = io.BytesIO(xlsx_bytes({"Ngân hàng": ROWS}))
    target = io.BytesIO()
    with (
        zipfile.ZipFile(source) as plain,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as macro,
    ):
        for item in plain.infolist():
            data = plain.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
                data = data.replace(b"<Default ", VBA_TYPE + b"<Default ", 1)
            macro.writestr(item, data)
        # A VBA project is an OLE file; "<!DOCTYPE" inside it is binary noise, not XML.
        macro.writestr("xl/vbaProject.bin", OLE_MAGIC + b"\0" * 500 + b"Attribute VB_Name <!x" * 20)
    assert _summary(parse(target.getvalue(), "ngan-hang.xlsm")) == EXPECTED


def test_xls_written_by_old_excel_is_read() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Ngân hàng")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert _summary(parse(buffer.getvalue(), "ngan-hang.xls")) == EXPECTED


def test_ods_from_libreoffice_is_read() -> None:
    assert _summary(parse(ods_bytes({"Ngân hàng": ROWS}), "ngan-hang.ods")) == EXPECTED


def test_libreoffice_padding_of_a_million_empty_rows_is_harmless() -> None:
    rows = "".join(
        "<table:table-row>" + "".join(map(ods_cell, row)) + "</table:table-row>" for row in ROWS
    )
    padding = (
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    columns = '<table:table-column table:number-columns-repeated="1024"/>'
    table = f'<table:table table:name="Ngân hàng">{columns}{rows}{padding}</table:table>'
    assert _summary(parse(ods_zip(ods_content(table)), "ngan-hang.ods")) == EXPECTED


def test_an_encrypted_ods_is_refused() -> None:
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml" '
        b'manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1"/>'
        b"</manifest:file-entry></manifest:manifest>"
    )
    with pytest.raises(WorkbookError) as caught:
        parse(ods_bytes({"S": ROWS}, manifest=manifest), "ngan-hang.ods")
    assert caught.value.code == "encrypted_workbook"


def test_the_real_type_wins_over_the_extension() -> None:
    ods = ods_bytes({"Ngân hàng": ROWS})
    assert _summary(parse(ods, "ngan-hang.xlsx")) == EXPECTED


def test_a_workbook_written_by_hand_is_read_when_it_is_not_hostile() -> None:
    def row(number: int, cells: list[tuple[str, str]]) -> bytes:
        return (
            f'<row r="{number}">'.encode()
            + b"".join(inline_cell(f"{c}{number}", v) for c, v in cells)
            + b"</row>"
        )

    sheet = SHEET_OPEN + row(1, [("A", "Câu hỏi"), ("B", "A"), ("C", "B"), ("D", "Đáp án")])
    sheet += row(2, [("A", "Có không?"), ("B", "Có"), ("C", "Không"), ("D", "A")]) + SHEET_CLOSE
    assert [q.text for q in parse(minimal_xlsx(sheet)).questions] == ["Có không?"]


def test_a_sheet_wider_than_column_z_is_checked_exactly_and_read(tmp_path: Path) -> None:
    header = [*HEADER, *[f"Ghi chú {n}" for n in range(20)]]
    rows = [header, [*bank_row("Rộng?", ["Có", "Không"], "A"), *["x"] * 20]]
    assert len(parse(xlsx_bytes({"S": rows})).questions) == 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("extension", ["xls", "ods", "xlsx"])
def test_a_bank_saved_by_libreoffice_reads_whole(tmp_path: Path, extension: str) -> None:
    # Two sheets, so LibreOffice's trailing repeated rows of the first precede the second.
    rows = [HEADER, bank_row("Hiến pháp năm nào?", ["2013", "1992"], "A", topic="Hiến pháp")]
    codes = [["Mã", "Tên lĩnh vực"], [1, "Hiến pháp"]]
    more = [HEADER, bank_row("Tuổi kết hôn của nữ?", [18, 16], "A", topic=1)]
    source = tmp_path / "bank.xlsx"
    source.write_bytes(xlsx_bytes({"Một": rows, "Hai": more, "Lĩnh vực": codes}))
    converted = soffice_convert(source, extension)
    report = parse(converted, converted.name)
    assert report.errors == []
    assert [q.topic for q in report.questions] == ["Hiến pháp", "Hiến pháp"]
    assert report.code_sheets == ["Lĩnh vực"]
