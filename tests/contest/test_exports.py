"""Exports: formula neutralization in both formats, title block, checksum, streaming."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from contest.core import export_writer
from contest.core.extensions import db
from contest.core.i18n import format_moment
from contest.jobs import tables
from contest.prizes.decisions import approve
from contest.prizes.proposal import TierInput, define_prizes
from tests.contest.results_factories import OPENS, gen_attempt, gen_candidate, gen_org, gen_round

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tlệnh", "\rdòng"]
EXPORTED_AT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)


def table(rows):
    """A two-column table under a title block (which shows the time in the configured zone)."""
    title = export_writer.title_block("Cuộc thi A", "Tuần 1", "Thử", EXPORTED_AT, "Giám khảo Một")
    return export_writer.Table(title, ["Văn bản", "Số"], iter(rows))


def csv_body(data: bytes) -> tuple[list[list[str]], bytes]:
    """(title rows, table bytes) of an exported CSV: the table follows the first empty line."""
    assert data.startswith(export_writer.CSV_BOM)
    title, _, body = data[len(export_writer.CSV_BOM) :].partition(b"\r\n\r\n")
    return list(csv.reader(io.StringIO(title.decode()))), body


def test_neutralize_prefixes_every_formula_trigger():
    assert [export_writer.neutralize(v) for v in EVIL] == ["'" + v for v in EVIL]
    assert export_writer.neutralize("Nguyễn Văn An") == "Nguyễn Văn An"
    assert export_writer.cell_text(-5) == "-5"
    assert export_writer.cell_text(9.5) == "9.5"
    assert export_writer.cell_text(9.0) == "9"


def test_csv_neutralizes_formula_text_but_not_numbers(app):
    data = b"".join(export_writer.iter_csv(table([[v, -1] for v in EVIL])))

    _, body = csv_body(data)
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

    title, body = csv_body(data)

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


def test_moment_and_duration_are_shown_in_vietnam_time_to_the_millisecond(app):
    assert (
        format_moment(datetime(2026, 11, 20, 3, 0, 5, 123456, tzinfo=UTC))
        == "20/11/2026 10:00:05.123"
    )
    assert tables.duration_text(61_234) == "1:01.234"


@pytest.fixture
def locked(app, now, make_user):
    round_ = gen_round()
    ward = gen_org("=Xã Bình An", "locality")
    for i, name in enumerate(("Nguyễn Văn An", "@Trần Bình", "Lê Cường")):
        gen_attempt(
            round_,
            gen_candidate(name, locality_id=ward.id),
            score=10 - i,
            submitted_at=OPENS + timedelta(hours=1, milliseconds=i),
        )
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    return round_, result


def test_checksum_recomputed_from_the_exported_csv_bytes(client, auth, locked, make_user):
    _, result = locked
    auth.login(make_user("judge"))

    data = client.get(f"/api/v1/prize-results/{result.id}/export.csv").data
    title, body = csv_body(data)

    assert hashlib.sha256(body).hexdigest() == result.sha256
    assert ["SHA-256", result.sha256] in title
    assert ["Trạng thái", "Đã khóa"] in title
    assert "'@Trần Bình" in body.decode()
    assert "'=Xã Bình An" in body.decode()


def test_checksum_recomputed_from_the_exported_xlsx(client, auth, locked, make_user, tmp_path):
    _, result = locked
    auth.login(make_user("judge"))
    path = tmp_path / "giai.xlsx"
    path.write_bytes(client.get(f"/api/v1/prize-results/{result.id}/export.xlsx").data)

    rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    title = {r[0]: r[1] for r in rows[: rows.index([None] * len(rows[0]))] if r[0]}
    table_rows = rows[rows.index([None] * len(rows[0])) + 1 :]
    # The cells hold the neutralized text already: write them back without a second prefix.
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table_rows:
        writer.writerow(
            [
                "" if v is None else export_writer.cell_text(v) if not isinstance(v, str) else v
                for v in row
            ]
        )

    assert title["SHA-256"] == result.sha256
    assert hashlib.sha256(text.getvalue().encode()).hexdigest() == result.sha256


def test_prize_page_shows_the_same_checksum(client, auth, locked, make_user):
    round_, result = locked
    auth.login(make_user("judge"))

    page = client.get(f"/results/rounds/{round_.id}/prizes").get_data(as_text=True)

    assert result.sha256 in page


def test_leaderboard_export_has_rank_prize_and_tie_break_columns(client, auth, locked, make_user):
    round_, _ = locked
    auth.login(make_user("organizer"))

    data = client.get(f"/api/v1/rounds/{round_.id}/export.csv?kind=leaderboard").data
    _, body = csv_body(data)
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))

    assert [(r["Hạng"], r["Họ và tên"], r["Giải"]) for r in rows] == [
        ("1", "Nguyễn Văn An", "Giải nhất"),
        ("2", "'@Trần Bình", "Giải nhì"),
        ("3", "Lê Cường", "Giải nhì"),
    ]
    assert rows[0]["Nộp bài lúc"] == "20/11/2026 09:00:00.000"
    assert rows[1]["Điểm"] == "9"
    assert {"Thời gian làm bài (ms)", "Sai số dự đoán", "Đồng hạng"} <= set(rows[0])


@pytest.mark.parametrize("kind", ["leaderboard", "attempts", "items", "units", "localities"])
def test_every_kind_exports_as_xlsx_readable_by_openpyxl_and_calamine(
    client, auth, locked, make_user, tmp_path, kind
):
    round_, _ = locked
    auth.login(make_user("judge"))

    response = client.get(f"/api/v1/rounds/{round_.id}/export.xlsx?kind={kind}")
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(response.data)

    assert response.headers["Content-Disposition"].endswith(f'-{kind}.xlsx"')
    assert openpyxl.load_workbook(path).active["A1"].value == "Cuộc thi"
    assert (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0][0] == "Cuộc thi"
    )


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
