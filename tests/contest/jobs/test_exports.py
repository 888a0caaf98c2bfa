"""Round exports: the leaderboard with rank, prize and tie-break columns; every kind readable."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.contest.readers import export_csv_parts
from tests.factories.scenes import gen_locked_export_round


@pytest.fixture
def locked(app, now, make_user):
    return gen_locked_export_round(make_user)


def test_leaderboard_export_has_rank_prize_and_tie_break_columns(client, auth, locked, make_user):
    round_, _ = locked
    auth.login(make_user("organizer"))

    data = client.get(f"/api/v1/rounds/{round_.id}/export.csv?kind=leaderboard").data
    _, body = export_csv_parts(data)
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))

    assert [(r["Hạng"], r["Họ và tên"], r["Giải"]) for r in rows] == [
        ("1", "Nguyễn Văn An", "Giải nhất"),
        ("2", "'@Trần Bình", "Giải nhì"),
        ("3", "Lê Cường", "Giải nhì"),
    ]
    assert rows[0]["Nộp bài lúc"] == "20/11/2026 09:00:00.000"
    assert rows[1]["Điểm"] == "9"
    assert {"Thời gian làm bài (giây)", "Sai số dự đoán", "Đồng hạng"} <= set(rows[0])


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
