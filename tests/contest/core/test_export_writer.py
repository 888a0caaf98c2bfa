"""The export writer: formula neutralization in both formats, the title block, streaming, and a
workbook LibreOffice opens."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import UTC, datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from contest.core import export_writer
from tests.contest.readers import export_csv_parts

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tlệnh", "\rdòng"]


EXPORTED_AT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)


def table(rows):
    """A two-column table under a title block (which shows the time in the configured zone)."""
    title = export_writer.title_block("Cuộc thi A", "Tuần 1", "Thử", EXPORTED_AT, "Giám khảo Một")
    return export_writer.Table(title, ["Văn bản", "Số"], iter(rows))


def test_neutralize_prefixes_every_formula_trigger():
    assert [export_writer.neutralize(v) for v in EVIL] == ["'" + v for v in EVIL]
    assert export_writer.neutralize("Nguyễn Văn An") == "Nguyễn Văn An"
    assert export_writer.cell_text(-5) == "-5"
    assert export_writer.cell_text(9.5) == "9.5"
    assert export_writer.cell_text(9.0) == "9"


def test_csv_neutralizes_formula_text_but_not_numbers(app):
    data = b"".join(export_writer.iter_csv(table([[v, -1] for v in EVIL])))

    _, body = export_csv_parts(data)
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))

    assert [r[0] for r in rows[1:]] == ["'" + v for v in EVIL]
    assert {r[1] for r in rows[1:]} == {"-1"}


def test_xlsx_neutralizes_formula_text_and_writes_no_formula(app, tmp_path):
    path = tmp_path / "evil.xlsx"
    export_writer.write_xlsx(table([[v, -1] for v in EVIL]), str(path))

    sheet = openpyxl.load_workbook(path).active
    cells = [row for row in sheet.iter_rows(min_row=8) if row[0].value is not None]

    # openpyxl leaves the XML escape of a carriage return (_x000D_) as is; calamine decodes it.
    assert [c[0].value for c in cells][:5] == ["'" + v for v in EVIL[:5]]
    assert {c[0].data_type for c in cells} == {"s"}
    assert {c[1].value for c in cells} == {-1}
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in calamine[7:]] == ["'" + v for v in EVIL]


def test_title_block_names_contest_round_time_and_exporter(app):
    data = b"".join(export_writer.iter_csv(table([["a", 1]])))

    title, body = export_csv_parts(data)

    assert title == [
        ["Cuộc thi", "Cuộc thi A"],
        ["Tuần thi", "Tuần 1"],
        ["Danh sách", "Thử"],
        ["Thời điểm xuất", "27/11/2026 19:30 (giờ Việt Nam)"],
        ["Người xuất", "Giám khảo Một"],
    ]
    assert body == "Văn bản,Số\r\na,1\r\n".encode()


def test_csv_streams_in_chunks_from_a_generator(app):
    produced = []

    def rows():
        for i in range(export_writer.CHUNK_ROWS * 2 + 5):
            produced.append(i)
            yield [f"dòng {i}", i]

    chunks = export_writer.iter_csv(table(rows()))
    next(chunks), next(chunks)

    assert len(produced) == export_writer.CHUNK_ROWS  # nothing read beyond the first chunk
    assert sum(1 for _ in chunks) == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_cleanly(app, tmp_path):
    path = tmp_path / "lo.xlsx"
    export_writer.write_xlsx(
        table([[v, i] for i, v in enumerate(EVIL)] + [["Tiếng Việt có dấu", 1.5]]), str(path)
    )

    done = subprocess.run(  # noqa: S603 - fixed arguments, our own temp file
        [
            shutil.which("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    text = (tmp_path / "lo.csv").read_text(encoding="utf-8")
    assert "Tiếng Việt có dấu" in text
    assert "Cuộc thi A" in text
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
