"""A round's life in a real browser: draft → announced → open; "close now" confirmed with a
reason scores an abandoned attempt that the board then ranks, with no command run; the audit
log reads in Vietnamese on a 1,366 px screen; the candidate's home fits a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from contest.attempts.models import Attempt, AttemptStatus
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.prizes.proposal import TierInput, define_prizes
from contest.rounds.models import Round
from questions.models import Question
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_open_round, gen_participation

pytestmark = BROWSER_TESTS


def sign_in(page, login: str) -> None:
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_draft_is_announced_after_its_checklist_then_candidates_can_start(
    browser_window, make_user
):
    organizer, candidate = make_user("organizer"), make_user()
    round_ = gen_open_round(questions=2, name="Tuần thi nháp")
    round_.announced_at = None
    define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    gen_participation(round_.contest, candidate)
    db.session.commit()
    slug, round_id = round_.contest.slug, round_.id
    phone = browser_window(390, 844).new_page()
    sign_in(phone, candidate.phone)
    phone.goto(f"/contests/{slug}")
    expect(phone.locator("#rounds")).not_to_contain_text("Tuần thi nháp")

    desk = browser_window(1366, 768).new_page()
    sign_in(desk, organizer.email)
    desk.goto(f"/organizer/contests/rounds/{round_id}")
    expect(desk.locator("h1 .badge")).to_have_text("Bản nháp")
    expect(desk.locator(".check-todo")).to_have_count(0)
    desk.get_by_role("button", name="Công khai tuần thi").click()
    expect(desk.locator(".flash-success")).to_contain_text("Đã công khai tuần thi")
    expect(desk.locator("h1 .badge")).to_have_text("Đang mở")

    phone.goto(f"/contests/{slug}")
    expect(phone.locator("#rounds")).to_contain_text("Tuần thi nháp")
    phone.get_by_role("button", name="Vào thi").click()
    expect(phone.locator("#q-1 legend")).to_contain_text("Câu 1/2")


def test_close_now_asks_for_a_reason_and_the_board_ranks_the_abandoned_attempt(
    browser_window, make_user
):
    organizer, candidate = make_user("organizer"), make_user(full_name="Trần Thị Bình")
    round_ = gen_open_round(questions=2, time_limit_seconds=1800, leaderboard_visibility="public")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    slug, round_id = round_.contest.slug, round_.id

    phone = browser_window(390, 844).new_page()
    sign_in(phone, candidate.phone)
    phone.goto(f"/contests/{slug}")
    phone.get_by_role("button", name="Vào thi").click()
    question_id = int(phone.locator("#q-1").get_attribute("data-question"))
    right = next(
        o.id for o in db.session.get(Question, question_id).current.options if o.is_correct
    )
    phone.locator(f"#q-1 label.option:has(input[value='{right}'])").click()
    expect(phone.locator("#save-status")).to_contain_text("đã được lưu")
    phone.close()  # the candidate walks away without submitting

    desk = browser_window(1366, 768).new_page()
    sign_in(desk, organizer.email)
    desk.goto(f"/organizer/contests/rounds/{round_id}")
    desk.get_by_role("link", name="Kết thúc ngay…").click()
    dialog = desk.locator("#confirm-close")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Không thể hoàn tác")
    expect(dialog).to_contain_text(
        "Số bài đang làm sẽ được chấm ngay theo các câu trả lời đã lưu: 1"
    )
    dialog.get_by_role("button", name="Kết thúc tuần thi ngay").click()
    # The browser refuses the form: the box is unticked and the reason empty.
    assert db.session.scalar(select(Round.closed_early_at).where(Round.id == round_id)) is None
    dialog.get_by_label("Tôi hiểu hậu quả và muốn tiếp tục").check()
    dialog.get_by_label("Lý do (bắt buộc, ghi vào nhật ký thao tác)").fill("Mất điện diện rộng")
    dialog.get_by_role("button", name="Kết thúc tuần thi ngay").click()
    expect(desk.locator(".flash-success")).to_contain_text("Đã kết thúc tuần thi")

    desk.goto(f"/rounds/{round_id}/leaderboard")
    rows = desk.locator("table.leaderboard tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("T.T.B")
    expect(rows.first.locator("td").nth(2)).to_have_text("1")
    db.session.rollback()  # end this session's read snapshot: the server wrote since
    attempt = db.session.scalar(select(Attempt).where(Attempt.round_id == round_id))
    assert attempt.status == AttemptStatus.EXPIRED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "rounds.close"))
    assert entry.reason == "Mất điện diện rộng"


def test_audit_log_reads_in_vietnamese_and_fits_a_1366_px_screen(browser_window, make_user):
    from contest.attempts.closing import close_round
    from contest.core.clock import utcnow

    admin = make_user("admin", full_name="Quản Trị Viên")
    round_ = gen_open_round(questions=2, name="Tuần thi có tên khá dài để thử độ rộng của bảng")
    db.session.commit()
    close_round(round_, utcnow(), "Ban Tổ chức quyết định kết thúc sớm vì sự cố đường truyền " * 3)
    db.session.commit()
    page = browser_window(1366, 768).new_page()
    sign_in(page, admin.email)

    page.goto("/admin/audit")

    table = page.locator("table.history")
    expect(table).to_contain_text("Kết thúc tuần thi sớm")
    expect(table).to_contain_text("Thời điểm đóng:")
    expect(table).not_to_contain_text("rounds.close")
    expect(table).not_to_contain_text("+00:00")
    assert fits(page, 1366)
    reason = page.get_by_role("columnheader", name="Lý do").bounding_box()
    assert reason["x"] + reason["width"] <= 1366


def test_the_candidate_home_fits_a_390_px_phone_with_no_sideways_scroll(browser_window, make_user):
    candidate = make_user()
    round_ = gen_open_round(
        questions=2, name="Tuần thi thứ nhất: Hiến pháp và pháp luật về đất đai"
    )
    for number in (1, 2):
        gen_attempt(round_, candidate, score=7.5, duration_ms=81_457, number=number)
    round_.closes_at = round_.opens_at + timedelta(hours=2)
    db.session.commit()
    page = browser_window(390, 844).new_page()
    sign_in(page, candidate.phone)

    page.goto("/me/")

    assert fits(page, 390)
    first = page.locator("#history-title ~ table tbody tr").first
    for cell in (first.locator("td").nth(4), first.get_by_role("link", name="Xem kết quả")):
        box = cell.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
    expect(first.locator("td").nth(4)).to_contain_text("7,5/10")
    expect(first.locator("td").nth(5)).to_contain_text("1:21")
