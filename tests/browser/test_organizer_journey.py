"""The organizer's journey on a 1,280 px screen, on the demo: import a question bank whose
workbook has an error row, read the row and column of the error, fix the file and import it,
build a round from the imported topic, set its prizes and announce it to candidates.

Every page on the way is screenshotted and checked by axe-core (check_page).
"""

from __future__ import annotations

import io

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.demo.seed import DEMO_PASSWORD, DEMO_SLUG, seed_demo
from contest.rounds.models import Round
from questions.models import Question, Topic
from tests.browser.conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS
HEADER = ["Câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Đáp án đúng", "Chủ đề"]
HEADER += ["Mức độ"]
TOPIC = "Pháp luật về đất đai"
BAD_ROW = 4  # the third question, below the header


def bank(key_of_the_bad_row: str) -> bytes:
    """Six land-law questions, as an organizer's workbook; the third has the given key."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    sheet.append(HEADER)
    for n in range(1, 7):
        key = key_of_the_bad_row if n + 1 == BAD_ROW else "B"
        options = [f"Cơ quan {n}A", f"Ủy ban nhân dân cấp {n}", f"Tòa án {n}"]
        text = f"Câu {n}: ai cấp giấy chứng nhận quyền sử dụng đất trong trường hợp {n}?"
        sheet.append([text, *options, key, TOPIC, "Dễ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, data: bytes) -> None:
    page.get_by_label("Tệp ngân hàng câu hỏi", exact=False).set_input_files(
        {"name": "dat-dai.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_role("heading", name="Xem trước: dat-dai.xlsx")).to_be_visible()


def import_the_bank(page, check_page) -> None:
    page.goto("/organizer/bank/upload")
    check_page(page, "bank upload")
    upload(page, bank("F"))  # there is no option F
    errors = page.locator("section", has=page.get_by_role("heading", name="Lỗi (1)"))
    row = errors.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(str(BAD_ROW))
    expect(row.locator("td").nth(2)).to_have_text("E")
    expect(page.get_by_role("button", name="Nhập 5 câu hỏi")).to_be_visible()
    check_page(page, "bank preview with an error")

    page.goto("/organizer/bank/upload")  # the organizer fixes the file and brings it again
    upload(page, bank("C"))
    expect(page.get_by_role("heading", name="Lỗi (1)")).to_have_count(0)
    check_page(page, "bank preview")
    page.get_by_role("button", name="Nhập 6 câu hỏi").click()
    expect(page.locator(".flash-success")).to_be_visible()
    check_page(page, "bank imported")


def build_the_round(page, check_page, contest_id: int) -> None:
    page.goto(f"/organizer/contests/{contest_id}")
    check_page(page, "contest edit")
    page.get_by_role("link", name="Thêm tuần thi").click()
    check_page(page, "new round")
    page.get_by_label("Tên tuần thi").fill("Tuần thi thứ hai: Luật Đất đai")
    page.get_by_label("Mở lúc (giờ Việt Nam)").fill("2026-11-28T08:00")
    page.get_by_label("Đóng lúc (giờ Việt Nam)").fill("2026-12-05T20:00")
    page.get_by_label(f"{TOPIC} – Mọi mức độ").fill("5")
    page.get_by_role("button", name="Tạo tuần thi").click()
    expect(page.locator("h1 .badge")).to_have_text("Bản nháp")
    expect(page.locator('.check-todo[data-check="prizes"]')).to_have_count(1)
    check_page(page, "draft round")


def test_an_organizer_imports_a_bank_fixes_its_error_row_then_builds_and_announces_a_round(
    browser_window, check_page, now
):
    contest = seed_demo().contest
    db.session.commit()
    contest_id = contest.id
    page = browser_window(1280, 900).new_page()
    page.goto("/login")
    check_page(page, "login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill("bantochuc@demo.thiluat.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    check_page(page, "organizer home")

    import_the_bank(page, check_page)
    db.session.rollback()  # read what the server committed
    imported = select(func.count()).select_from(Question).join(Topic)
    assert db.session.scalar(imported.where(Topic.name == TOPIC)) == 6

    build_the_round(page, check_page, contest_id)
    round_page = page.url
    page.goto(round_page.replace("/organizer/contests/rounds/", "/results/rounds/") + "/prizes")
    page.get_by_role("button", name="Lưu và lập danh sách đề xuất").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu cơ cấu giải")
    check_page(page, "prizes defined")
    page.goto(round_page)
    expect(page.locator(".check-todo")).to_have_count(0)
    page.get_by_role("button", name="Công khai tuần thi").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã công khai tuần thi")
    expect(page.locator("h1 .badge")).to_have_text("Sắp mở")
    check_page(page, "announced round")

    page.goto(f"/contests/{DEMO_SLUG}")
    expect(page.locator("#rounds")).to_contain_text("Tuần thi thứ hai: Luật Đất đai")
    check_page(page, "public contest")
    db.session.rollback()
    announced = db.session.scalar(select(Round).where(Round.name.startswith("Tuần thi thứ hai")))
    assert announced.announced_at is not None
    assert announced.question_count == 5
