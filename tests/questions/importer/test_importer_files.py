"""Files that are not banks, or are hostile: each is refused whole, with a stable code."""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from questions.importer import WorkbookError
from tests.questions.importer.builders import (
    HEADER,
    MB,
    SHEET_CLOSE,
    SHEET_OPEN,
    Part,
    bank_row,
    biff_records,
    billion_laughs,
    build_zip,
    deflated_filler,
    far_reference_bank,
    inline_cell,
    minimal_xlsx,
    ods_bytes,
    ods_content,
    ods_zip,
    ole_file,
    ole_small_stream,
    parse,
    part,
    xlsx_bytes,
)

REPO = Path(__file__).resolve().parents[3]
GOOD = xlsx_bytes({"S": [HEADER, bank_row("Hiến pháp năm nào?", ["2013", "1992"], "A")]})
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
GOOD_SHEET = SHEET_OPEN + b'<row r="1">' + inline_cell("A1", "Câu hỏi") + b"</row>" + SHEET_CLOSE


def refusal(
    data: bytes | Path, filename: str = "ngan-hang.xlsx", **options: object
) -> WorkbookError:
    with pytest.raises(WorkbookError) as caught:
        parse(data, filename, **options)
    return caught.value


def test_a_picture_renamed_xlsx_is_not_a_workbook() -> None:
    error = refusal(PNG)
    assert error.code == "invalid_workbook"
    assert "ngan-hang.xlsx" in error.message


def test_a_text_file_is_not_a_workbook() -> None:
    assert refusal("Câu hỏi;A;B\n".encode(), "bank.xlsx").code == "invalid_workbook"


def test_a_workbook_with_an_unsupported_extension_is_refused() -> None:
    error = refusal(GOOD, "ngan-hang.csv")
    assert (error.code, '".csv"' in error.message) == ("invalid_workbook", True)


def test_a_zip_that_is_not_a_spreadsheet_is_refused() -> None:
    document = build_zip([part("word/document.xml", b"<w:document/>")])
    assert refusal(document).code == "invalid_workbook"


def test_a_truncated_workbook_is_refused() -> None:
    assert refusal(GOOD[: len(GOOD) // 2]).code == "invalid_workbook"


def test_an_encrypted_office_file_is_refused() -> None:
    error = refusal(ole_file(["EncryptionInfo", "EncryptedPackage"]))
    assert error.code == "encrypted_workbook"
    assert "mật khẩu" in error.message


def test_a_workbook_encrypted_by_excel_is_refused() -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(GOOD)).encrypt("matkhau", encrypted)
    assert refusal(encrypted.getvalue()).code == "encrypted_workbook"


def test_an_xls_with_a_password_is_refused() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    book.add_sheet("S").write(0, 0, "Câu hỏi")
    buffer = io.BytesIO()
    book.save(buffer)
    # Turn the WRITEACCESS record into FILEPASS, as Excel writes it for a protected file.
    data = buffer.getvalue().replace(b"\x5c\x00\x70\x00", b"\x2f\x00\x70\x00", 1)
    assert refusal(data, "bank.xls").code == "encrypted_workbook"


def test_an_office_file_that_is_not_excel_is_refused() -> None:
    assert refusal(ole_file(["WordDocument"]), "bank.xls").code == "invalid_workbook"


def test_a_workbook_without_data_is_empty() -> None:
    error = refusal(xlsx_bytes({"Sheet1": [], "Sheet2": [[None, "   "]]}))
    assert error.code == "empty_workbook"


def test_a_workbook_without_a_header_says_which_headers_it_found() -> None:
    rows = [["STT", "Nội dung", "Trả lời"], [1, "Hiến pháp năm nào?", "2013"]]
    error = refusal(xlsx_bytes({"Đề thi": rows}))
    assert error.code == "no_header"
    assert error.details["headers_found"] == {"Đề thi": ["STT", "Nội dung", "Trả lời"]}
    assert error.details["missing"] == ["option_a", "option_b", "key"]
    assert error.message == (
        'Chưa nhận ra đủ các cột của ngân hàng câu hỏi: trang "Đề thi": "STT", "Nội dung", '
        '"Trả lời". Còn thiếu phương án A, phương án B, đáp án đúng. Hãy chọn ý nghĩa của '
        "từng cột (câu hỏi, phương án, đáp án …) rồi nhập lại."
    )


def test_a_file_over_the_limit_is_refused_before_it_is_read(bank_file, tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(30 * MB)  # sparse: nothing is written, so nothing could be read
    error = refusal(big)
    assert error.code == "file_too_large"
    assert error.message == "Tệp nặng 30 MB, vượt giới hạn 20 MB."
    assert error.details == {"size": 30 * MB, "max_bytes": 20 * MB}
    assert refusal(GOOD, max_bytes=len(GOOD) - 1).code == "file_too_large"


# --- hostile files: refused fast, in little memory; run in a child so a miss cannot kill pytest --

# VmHWM is this process's peak RSS; ru_maxrss would start at the parent's (pytest's) size.
_PROBE = """
import json, sys, time
from questions.importer import WorkbookError, parse_workbook
def peak():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
results = {}
for path in sys.argv[1:]:
    before = peak()
    start = time.perf_counter()
    try:
        parse_workbook(path, path)
        code = "accepted"
    except WorkbookError as error:
        code = error.code
    seconds = time.perf_counter() - start
    grown = (peak() - before) / 1024
    results[path.rsplit("/", 1)[-1]] = {"code": code, "seconds": seconds, "mb": grown}
print(json.dumps(results))
"""


def _far_cells_sheet() -> bytes:
    return (
        SHEET_OPEN
        + b'<row r="1">'
        + inline_cell("A1", "x")
        + b'</row><row r="1048576">'
        + (inline_cell("XFD1048576", "y") + b"</row>" + SHEET_CLOSE)
    )


def _rowless_far_cells_sheet() -> bytes:
    # No r on the far cell: calamine places it from the row number and its neighbours.
    cells = b'<row r="1"><c r="AB1" t="inlineStr"><is><t>x</t></is></c></row>'
    far = b'<row r="900000"><c t="inlineStr"><is><t>y</t></is></c></row>'
    return SHEET_OPEN + cells + far + SHEET_CLOSE


def _billion_spaces() -> bytes:
    # <text:s text:c="n"/> is n spaces, which calamine writes out: 2 GB from 300 bytes.
    cell = (
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>'
        "</text:p></table:table-cell>"
    )
    row = f"<table:table-row>{cell}</table:table-row>"
    return ods_zip(ods_content(f'<table:table table:name="S">{row}</table:table>'))


def _huge_sst() -> bytes:
    # calamine reserves room for uniqueCount strings up front: 2 billion is 48 GB.
    namespace = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return b'<sst xmlns="%s" uniqueCount="2000000000"><si><t>x</t></si></sst>' % namespace


def _padded_tag_sheet() -> bytes:
    # Megabytes of mixed whitespace inside one tag (too varied to look like a zip bomb) push
    # the reference past any fixed scanning window.
    whitespace = bytes.maketrans(bytes(range(256)), b" \t\r\n" * 64)
    padding = random.Random(0).randbytes(3 * MB).translate(whitespace)  # noqa: S311 - filler
    far = b"<c" + padding + b'r="XFD1048576" t="inlineStr"><is><t>y</t></is></c>'
    return SHEET_OPEN + b'<row r="1">' + inline_cell("A1", "x") + far + b"</row>" + SHEET_CLOSE


def _ods_and_xlsx() -> bytes:
    # Both an ODS and an XLSX inside one zip: whichever calamine picks, the far cells are seen.
    xlsx = zipfile.ZipFile(io.BytesIO(minimal_xlsx(_far_cells_sheet())))
    members = [part(name, xlsx.read(name)) for name in xlsx.namelist()]
    ods = zipfile.ZipFile(io.BytesIO(ods_zip(ods_content(""))))
    first = [part("mimetype", ods.read("mimetype"), zipfile.ZIP_STORED)]
    return build_zip(first + [part(n, ods.read(n)) for n in ods.namelist()[1:]] + members)


def _biff(
    *sheet_records: tuple[int, bytes], globals_extra: tuple[tuple[int, bytes], ...] = ()
) -> bytes:
    # Globals (BOF, one BoundSheet pointing at the sheet, EOF), then the sheet's own records.
    bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)
    sheet_at = 4 + len(bof) + 4 + 9 + 4 + sum(4 + len(body) for _, body in globals_extra)
    bound = struct.pack("<IBBBB", sheet_at, 0, 0, 1, 0) + b"S"
    head = biff_records((0x0809, bof), (0x0085, bound), *globals_extra, (0x000A, b""))
    return head + biff_records((0x0809, bof), *sheet_records, (0x000A, b""))


def _far_cells_biff() -> bytes:
    number = struct.pack("<HHHd", 65535, 255, 0, 1.0)
    label = struct.pack("<HHHHB", 0, 0, 0, 1, 0) + b"x"
    return _biff((0x0204, label), (0x0203, number))


def _huge_dimensions_biff() -> bytes:
    # First row after the last: calamine's row count wraps around to four billion.
    return _biff((0x0200, struct.pack("<IIHHH", 0x31000000, 3, 0, 12, 0)))


def _huge_string_table_biff() -> bytes:
    return _biff(globals_extra=((0x00FC, struct.pack("<ii", 1, 2**31 - 1)),))


def _repeated_ods_cells() -> bytes:
    cell = (
        '<table:table-cell office:value-type="string" table:number-columns-repeated="16384">'
        "<text:p>x</text:p></table:table-cell>"
    )
    row = f'<table:table-row table:number-rows-repeated="1048576">{cell}</table:table-row>'
    return ods_zip(ods_content(f'<table:table table:name="S">{row}</table:table>'))


def _sheet_with(head: bytes = b"", cells: bytes = b"", tail: bytes = b"") -> bytes:
    # A sheet part with extra markup before the cells, extra cells in row 1, and after the data.
    start = SHEET_OPEN.replace(b"<sheetData>", head + b"<sheetData>")
    row = b'<row r="1">' + inline_cell("A1", "x") + cells + b"</row>"
    return start + row + SHEET_CLOSE.replace(b"</sheetData>", b"</sheetData>" + tail)


def _merged_biff(first_column: int, last_column: int) -> bytes:
    label = struct.pack("<HHHHB", 0, 0, 0, 1, 0) + b"x"
    merged = struct.pack("<H4H", 1, 0, 65535, first_column, last_column)
    return _biff((0x0204, label), (0x00E5, merged))


def _tall_dimensions_biff() -> bytes:
    # Within the cell budget (one column) but past Excel's last row.
    return _biff((0x0200, struct.pack("<IIHHH", 0, 2_000_000, 0, 1, 0)))


def _wide_ods_cell() -> bytes:
    cell = (
        '<table:table-cell table:number-columns-repeated="20000"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    )
    row = f"<table:table-row>{cell}</table:table-row>"
    return ods_zip(ods_content(f'<table:table table:name="S">{row}</table:table>'))


def _geometry_files() -> dict[str, bytes]:
    """Cell references, dimensions and merged ranges past XFD1048576 or the cell budget."""
    return {
        "zzzzzzzzz-reference.xlsx": far_reference_bank("ZZZZZZZZZ2"),
        "zzzzzz-reference.xlsx": far_reference_bank("ZZZZZZ2"),
        "past-last-column.xlsx": far_reference_bank("XFE2"),
        "past-last-row.xlsx": far_reference_bank("B1048577"),
        "huge-dimension.xlsx": minimal_xlsx(_sheet_with(b'<dimension ref="A1:XFD1048576"/>')),
        "dimension-past-grid.xlsx": minimal_xlsx(_sheet_with(b'<dimension ref="A1:A99999999"/>')),
        "huge-merge.xlsx": minimal_xlsx(
            _sheet_with(tail=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
        ),
        "merge-past-grid.xlsx": minimal_xlsx(
            _sheet_with(tail=b'<mergeCells count="1"><mergeCell ref="A1:ZZZZ1"/></mergeCells>')
        ),
        "row-past-grid.xlsx": minimal_xlsx(
            _sheet_with(tail=b"").replace(
                b"</sheetData>",
                b'<row r="4294967297"><c t="inlineStr"><is><t>y</t></is></c></row></sheetData>',
            )
        ),
        "wide-cell.ods": _wide_ods_cell(),
        "merged-past-grid.xls": ole_small_stream("Workbook", _merged_biff(0, 40000)),
        "huge-merge.xls": ole_small_stream("Workbook", _merged_biff(0, 255)),
        "tall-dimensions.xls": ole_small_stream("Workbook", _tall_dimensions_biff()),
    }


def _hostile_files() -> dict[str, bytes]:
    sheet_head = SHEET_OPEN + b'<row r="1">' + inline_cell("A1", "x")
    gigabyte = deflated_filler(1024 * MB, prefix=sheet_head)
    laughs = billion_laughs(
        SHEET_OPEN
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_CLOSE
    )
    shared = billion_laughs(
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    files = {
        **_geometry_files(),
        "declared-gigabyte.xlsx": minimal_xlsx(
            Part("sheet", gigabyte, 1024 * MB + len(sheet_head))
        ),
        "lying-size.xlsx": minimal_xlsx(Part("sheet", gigabyte, 10_000)),
        "high-ratio.xlsx": minimal_xlsx(Part("sheet", deflated_filler(150 * MB), 150 * MB)),
        "entities-in-sheet.xlsx": minimal_xlsx(laughs),
        "entities-in-strings.xlsx": minimal_xlsx(
            GOOD_SHEET, [part("xl/sharedStrings.xml", shared)]
        ),
        "entities-in-content.ods": ods_zip(billion_laughs(b"<office:document-content/>")),
        "utf16-sheet.xlsx": minimal_xlsx(_far_cells_sheet().decode().encode("utf-16")),
        "far-cells.xlsx": minimal_xlsx(_far_cells_sheet()),
        "rowless-far-cells.xlsx": minimal_xlsx(_rowless_far_cells_sheet()),
        "repeated-cells.ods": _repeated_ods_cells(),
        "padded-tag.xlsx": minimal_xlsx(_padded_tag_sheet()),
        "ods-and-xlsx.ods": _ods_and_xlsx(),
        "huge-string-count.xlsx": minimal_xlsx(
            GOOD_SHEET, [part("xl/sharedStrings.xml", _huge_sst())]
        ),
        "billion-spaces.ods": _billion_spaces(),
        "small-far-cells.xls": ole_small_stream("Workbook", _far_cells_biff()),
        "huge-dimensions.xls": ole_small_stream("Workbook", _huge_dimensions_biff()),
        "huge-string-table.xls": ole_small_stream("Workbook", _huge_string_table_biff()),
    }
    try:
        import xlwt  # noqa: PLC0415 - optional test-only writer

        book = xlwt.Workbook()
        sheet = book.add_sheet("S")
        sheet.write(0, 0, "x")
        sheet.write(65535, 255, "y")
        buffer = io.BytesIO()
        book.save(buffer)
        files["far-cells.xls"] = buffer.getvalue()
    except ImportError:
        pass
    return files


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float | str]]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = []
    for name, data in _hostile_files().items():
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.run(  # noqa: S603 - this interpreter, a fixed script, our own files
        [sys.executable, "-c", _PROBE, *paths],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("declared-gigabyte.xlsx", "unsafe_workbook"),
        ("lying-size.xlsx", "unsafe_workbook"),
        ("high-ratio.xlsx", "unsafe_workbook"),
        ("entities-in-sheet.xlsx", "unsafe_workbook"),
        ("entities-in-strings.xlsx", "unsafe_workbook"),
        ("entities-in-content.ods", "unsafe_workbook"),
        ("utf16-sheet.xlsx", "unsafe_workbook"),
        ("far-cells.xlsx", "unsafe_workbook"),
        ("rowless-far-cells.xlsx", "unsafe_workbook"),
        ("repeated-cells.ods", "unsafe_workbook"),
        ("padded-tag.xlsx", "unsafe_workbook"),
        ("ods-and-xlsx.ods", "unsafe_workbook"),
        ("huge-string-count.xlsx", "unsafe_workbook"),
        ("billion-spaces.ods", "unsafe_workbook"),
        ("far-cells.xls", "unsafe_workbook"),
        ("small-far-cells.xls", "unsafe_workbook"),
        ("huge-dimensions.xls", "unsafe_workbook"),
        ("huge-string-table.xls", "unsafe_workbook"),
        *((name, "unsafe_workbook") for name in _geometry_files()),
    ],
)
def test_hostile_file_is_refused_within_a_second_and_fifty_megabytes(
    hostile_results: dict[str, dict[str, float | str]], name: str, code: str
) -> None:
    if name not in hostile_results:
        pytest.skip(f"{name} needs an optional writer (xlwt)")
    result = hostile_results[name]
    assert result["code"] == code
    assert result["seconds"] < 1.0
    assert result["mb"] < 50


def test_a_cell_reference_past_excels_grid_is_named_in_the_refusal() -> None:
    error = refusal(far_reference_bank("ZZZZZZZZZ2"))
    assert error.message == (
        'Tệp "ngan-hang.xlsx" bị từ chối vì lý do an toàn: phần bảng tính có ô "ZZZZZZZZZ2" '
        "vượt giới hạn của Excel (XFD1048576)."
    )


def test_a_lone_cell_at_xfd1048576_is_refused_for_the_rectangle_calamine_would_build() -> None:
    # A lone cell at XFD1048576 is legal; only the rectangle it would need is refused.
    sheet = SHEET_OPEN + b'<row r="1048576">' + inline_cell("XFD1048576", "x") + b"</row>"
    error = refusal(minimal_xlsx(sheet + SHEET_CLOSE))
    assert "trải trên" in error.message


def test_hostile_file_message_says_why(tmp_path: Path) -> None:
    error = refusal(minimal_xlsx(billion_laughs(GOOD_SHEET)))
    assert error.message == (
        'Tệp "ngan-hang.xlsx" bị từ chối vì lý do an toàn: phần xl/worksheets/sheet1.xml '
        "chứa khai báo DTD/ENTITY."
    )


def test_a_zip_member_with_a_password_is_refused() -> None:
    data = bytearray(GOOD)
    data[6] |= 1  # the first member's local header flags: encrypted
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1  # and its central directory entry
    assert refusal(bytes(data)).code == "encrypted_workbook"


def test_a_zip_with_two_parts_of_the_same_name_is_refused() -> None:
    sheet = SHEET_OPEN + SHEET_CLOSE
    data = minimal_xlsx(GOOD_SHEET, [part("xl/worksheets/sheet1.xml", sheet)])
    assert refusal(data).code == "unsafe_workbook"


def test_a_binary_workbook_is_not_supported() -> None:
    error = refusal(build_zip([part("xl/workbook.bin", b"\x83\x01\x00")]), "bank.xlsb")
    assert error.code == "invalid_workbook"


def test_an_ods_table_nested_inside_a_cell_is_refused() -> None:
    nested = (
        '<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
        "<table:table-row><table:table-cell/></table:table-row>"
        "</table:table-cell></table:table-row></table:table>"
    )
    assert refusal(ods_zip(ods_content(nested)), "bank.ods").code == "unsafe_workbook"


_DAMAGE = """
import random, sys
from questions.importer import WorkbookError, parse_workbook
seed, paths = int(sys.argv[1]), sys.argv[2:]
rng, outcomes = random.Random(seed), set()
for path in paths:
    original = open(path, "rb").read()
    for _ in range(150):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        if rng.random() < 0.2:
            damaged = damaged[: rng.randrange(len(damaged))]
        try:
            parse_workbook(bytes(damaged), path)
            outcomes.add("parsed")
        except WorkbookError as error:
            outcomes.add(error.code)
print(sorted(outcomes))
"""


def test_damaged_files_are_refused_cleanly_never_crash(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    rows = [HEADER, bank_row("Một?", ["Có", "Không"], "A"), bank_row("Hai?", [18, 20.5], "B")]
    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    files = {"bank.xlsx": xlsx_bytes({"S": rows}), "bank.ods": ods_bytes({"S": rows})}
    buffer = io.BytesIO()
    book.save(buffer)
    files["bank.xls"] = buffer.getvalue()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    environment = {**os.environ, "PYTHONPATH": str(REPO), "RUST_BACKTRACE": "0"}
    child = subprocess.run(  # noqa: S603 - this interpreter, a fixed script, our own files
        [sys.executable, "-c", _DAMAGE, "2026", *(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert "invalid_workbook" in child.stdout


def test_an_office_file_claiming_more_sectors_than_it_has_is_refused() -> None:
    data = bytearray(ole_file(["Workbook"]))
    struct.pack_into("<I", data, 0x2C, 0x0FFFFFFF)  # number of FAT sectors
    assert refusal(bytes(data), "bank.xls").code == "unsafe_workbook"
