"""The judges' journey on a 1,366 px screen: one judge sets the prizes of a closed round and
proposes the list, a second judge approves it and so locks it, and the prize-list workbook they
download holds, line for line, the winners of the board the judges see.

Every page on the way is screenshotted and checked by axe-core (check_page).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select

from contest.core.extensions import db
from contest.prizes.models import PrizeResult
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.scenes import gen_field

pytestmark = BROWSER_TESTS
TIERS = "Giải nhất; 1\nGiải nhì; 2\nGiải ba; 2"
SCORES = [10, 9.5, 9, 8.5, 8, 7.5, 7]


def sign_in(page, judge, check_page) -> None:
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(judge.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Ban giám khảo")).to_be_visible()
    check_page(page, f"judge home {judge.full_name}")


def board_lines(page) -> list[tuple[int, str, str, str]]:
    """(rank, name, score, prize) of each line of the judges' board."""
    lines = []
    for row in page.locator("table.leaderboard tbody tr").all():
        cells = [cell.inner_text().strip() for cell in row.locator("td").all()]
        lines.append((int(cells[0].split()[0]), cells[1], cells[5], cells[9]))
    return lines


def workbook_lines(path: Path) -> list[tuple[int, str, str, float]]:
    """(rank, name, prize, score) of each line of the prize-list workbook, below its header."""
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(n for n, row in enumerate(rows) if row[0] == "STT")
    header = rows[header_at]
    column = {name: header.index(name) for name in ("Hạng", "Họ và tên", "Giải", "Điểm")}
    return [
        (row[column["Hạng"]], row[column["Họ và tên"]], row[column["Giải"]], row[column["Điểm"]])
        for row in rows[header_at + 1 :]
        if row[0] is not None
    ]


def test_two_judges_lock_the_prize_list_and_its_workbook_matches_the_board(
    browser_window, check_page, make_user, now
):
    round_, _candidates = gen_field(SCORES)
    first = make_user("judge", full_name="Phạm Minh Khoa")
    second = make_user("judge", full_name="Đỗ Thu Hà")
    db.session.commit()
    round_id = round_.id
    window = browser_window(1366, 900)
    page = window.new_page()

    sign_in(page, first, check_page)
    page.get_by_role("link", name="Giải", exact=True).click()
    check_page(page, "prizes before the proposal")
    page.get_by_label("Cơ cấu giải").fill(TIERS)
    page.get_by_role("button", name="Lưu và lập danh sách đề xuất").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu cơ cấu giải")
    page.get_by_label("Khi đủ hai thành viên phê duyệt").check()
    page.get_by_role("button", name="Phê duyệt danh sách này").click()
    expect(page.locator("main")).to_contain_text("cần một thành viên khác")
    check_page(page, "proposed and approved once")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, second, check_page)
    page.goto(f"/results/rounds/{round_id}/prizes")
    page.get_by_label("Khi đủ hai thành viên phê duyệt").check()
    page.get_by_role("button", name="Phê duyệt danh sách này").click()
    expect(page.get_by_role("heading", name="Danh sách giải đã khóa")).to_be_visible()
    check_page(page, "locked")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel").click()
    workbook = workbook_lines(Path(download_info.value.path()))

    page.goto(f"/results/rounds/{round_id}")
    check_page(page, "board")
    board = board_lines(page)
    winners = [line for line in board if line[3]]
    assert len(winners) == 5
    assert [(rank, name, prize) for rank, name, _score, prize in winners] == [
        (rank, name, prize) for rank, name, prize, _score in workbook
    ]
    shown_scores = [score for *_, score, _prize in winners]
    assert shown_scores == [f"{score:g}".replace(".", ",") for *_, score in workbook]
    assert [prize for *_, prize in winners] == ["Giải nhất"] + ["Giải nhì"] * 2 + ["Giải ba"] * 2
    db.session.rollback()  # read what the server committed
    result = db.session.scalar(select(PrizeResult).where(PrizeResult.round_id == round_id))
    assert result.is_locked
    assert {a.judge_id for a in result.approvals} == {first.id, second.id}
