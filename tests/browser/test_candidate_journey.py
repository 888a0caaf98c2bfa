"""The candidate's journey on a 390 px phone, on the demo: register with consent, practise, take
the round's quiz with its prediction question, see the result and (once the round has closed and
its results are published) the review, download the certificate and verify it.

Every page on the way is screenshotted and checked by axe-core (check_page).
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from contest.certificates.models import Certificate
from contest.core.extensions import db
from contest.demo.seed import DEMO_SLUG, seed_demo
from contest.rounds.lifecycle import publish_results
from tests.browser.conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS
WIDTH = 390


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def register(page, check_page) -> None:
    page.goto("/")
    check_page(page, "home")
    page.get_by_role("link", name="Đăng ký dự thi").first.click()
    check_page(page, "register")
    page.get_by_label("Họ và tên").fill("Lê Thị Hồng Nhung")
    page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill("12/09/1996")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Số CCCD (12 chữ số)").fill("001196000777")
    page.get_by_label("Số điện thoại di động").fill("0977 123 456")
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-nhung-1")
    page.get_by_label("Tôi đã đọc và đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator(".flash-success")).to_contain_text("Đăng ký thành công")
    check_page(page, "candidate home")


def practise(page, check_page) -> None:
    page.get_by_role("link", name="Luyện tập").first.click()
    check_page(page, "practice")
    page.get_by_label("Lao động").check()
    page.get_by_label("Số câu hỏi").select_option("5")
    page.get_by_role("button", name="Bắt đầu luyện tập").click()
    for position in range(1, 6):
        expect(page.locator("legend")).to_contain_text(f"Câu {position}/5")
        page.locator("label.option").first.click()
        page.get_by_role("button", name="Trả lời").click()
        expect(page.locator(f"#feedback-{position}")).to_be_focused()
        if position == 1:
            check_page(page, "practice feedback")
        page.locator(".practice-next a").click()
    expect(page.get_by_role("heading", name="Kết quả luyện tập")).to_be_visible()
    check_page(page, "practice summary")


def take_the_quiz(page, check_page) -> int:
    page.goto(f"/contests/{DEMO_SLUG}")
    check_page(page, "contest")
    page.get_by_label("Nhóm đối tượng dự thi").select_option(index=1)
    page.get_by_label("Tôi đã đọc, hiểu và đồng ý với thể lệ cuộc thi.").check()
    page.get_by_role("button", name="Đồng ý thể lệ").click()
    page.get_by_role("button", name="Vào thi").click()
    total = page.locator(".grid-cell").count()
    check_page(page, "quiz")
    fits_the_phone(page)
    for position in range(1, total + 1):
        question = page.locator(f"#q-{position}")
        question.locator("label.option").first.click()
        expect(question.locator(".q-status")).to_have_text("Đã lưu")
        if position < total:
            question.get_by_role("button", name="Câu tiếp →").click()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Xác nhận nộp bài")).to_be_visible()
    check_page(page, "submit confirmation")
    page.get_by_label("Câu hỏi dự đoán", exact=False).fill("42")
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Kết quả lượt thi 1")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("42")
    check_page(page, "result")
    fits_the_phone(page)
    return total


def download_and_verify(page, check_page) -> None:
    page.goto("/me/")
    page.get_by_role("link", name="Giấy chứng nhận của tôi").click()
    check_page(page, "my certificates")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").first.click()
    data = Path(download_info.value.path()).read_bytes()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    db.session.rollback()  # read what the server committed
    certificate = db.session.scalar(select(Certificate))
    short = f"{certificate.code[:5]}-{certificate.code[5:]}"
    assert "LÊ THỊ HỒNG NHUNG" in text
    assert short in text
    assert certificate.verify_url in text.replace("\n", "")  # what its QR code holds

    page.goto(certificate.verify_url)  # as a phone opens the scanned QR code
    expect(page.locator(".verdict-valid")).to_contain_text("Giấy chứng nhận hợp lệ")
    check_page(page, "verified by QR")

    page.goto("/verify/")  # by the short code printed on the certificate
    check_page(page, "verify form")
    page.get_by_label("Mã xác thực").fill(short.lower())
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator(".verdict-valid")).to_contain_text("Giấy chứng nhận hợp lệ")
    expect(page.locator("main")).to_contain_text("Lê Thị Hồng Nhung")
    check_page(page, "verified")
    fits_the_phone(page)


def test_a_candidate_registers_practises_takes_the_quiz_and_verifies_a_certificate(
    browser_window, check_page, now
):
    contest = seed_demo().contest
    db.session.commit()
    round_ = contest.rounds[0]
    page = browser_window(WIDTH, 844).new_page()

    register(page, check_page)
    practise(page, check_page)
    total = take_the_quiz(page, check_page)
    expect(page.locator("main")).to_contain_text("sau khi tuần thi kết thúc")

    db.session.rollback()
    now(round_.closes_at + timedelta(minutes=1))
    publish_results(round_, now())
    db.session.commit()
    page.goto("/me/")  # a month on, the candidate comes back
    page.get_by_role("link", name="Xem kết quả").first.click()
    expect(page.get_by_role("heading", name="Xem lại bài thi")).to_be_visible()
    expect(page.locator(".review-item")).to_have_count(total)
    expect(page.locator(".review-item").first).to_contain_text("Căn cứ pháp lý")
    check_page(page, "review")
    fits_the_phone(page)

    download_and_verify(page, check_page)
