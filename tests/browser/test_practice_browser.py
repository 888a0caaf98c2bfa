"""On a 390-px phone a candidate practises, then downloads a certificate and verifies it.

Debian's Chromium, driven by Playwright, against the app served by a real server thread on the
test database. Every step waits for a visible state; practice answers go through the API
(static/js/practice.js) and the explanation appears without leaving the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from contest.certificates.models import Certificate
from contest.core.extensions import db
from contest.practice.models import PracticeSession
from tests.browser.conftest import CHROMIUM
from tests.conftest import PASSWORD
from tests.contest.certificates.builders import finished, issuing_round
from tests.contest.practice.bank import practice_bank

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]
WIDTH = 390


@pytest.fixture
def phone(browser_window):
    """A 390 px phone (an iPhone 12-14 class screen)."""
    return browser_window(WIDTH, 844)


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_a_candidate_practises_then_downloads_and_verifies_a_certificate(phone, make_user, now):
    candidate = make_user(full_name="Nguyễn Thị Ánh")
    practice_bank("Lao động", 3)
    round_ = issuing_round()
    finished(round_, candidate)
    db.session.commit()
    page = phone.new_page()

    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(candidate.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Luyện tập").first.click()
    expect(page.get_by_role("heading", name="Luyện tập", exact=True)).to_be_visible()
    page.get_by_label("Lao động").check()
    page.get_by_label("Số câu hỏi").select_option("5")
    page.get_by_role("button", name="Bắt đầu luyện tập").click()

    for position in (1, 2, 3):
        expect(page.locator("legend")).to_contain_text(f"Câu {position}/3")
        fits_the_phone(page)
        question_url = page.url
        option = page.locator("label.option").first
        assert option.bounding_box()["height"] >= 44
        option.click()
        page.get_by_role("button", name="Trả lời").click()
        feedback = page.locator(f"#feedback-{position}")
        expect(feedback).to_be_visible()
        expect(feedback).to_be_focused()
        expect(feedback.locator(".verdict")).to_have_text(re.compile(r"^(Chính xác!|Chưa đúng\.)$"))
        expect(feedback).to_contain_text("Căn cứ pháp lý: Điều")
        expect(page.locator("label.option.is-correct")).to_have_count(1)
        assert page.url == question_url  # explained in place, through the API
        page.locator(".practice-next a").click()

    expect(page.get_by_role("heading", name="Kết quả luyện tập")).to_be_visible()
    fits_the_phone(page)
    db.session.rollback()  # read what the server committed
    session = db.session.scalar(select(PracticeSession))
    assert (session.answered_count, session.finished_at is not None) == (3, True)

    page.goto("/me/")
    page.get_by_role("link", name="Giấy chứng nhận của tôi").click()
    expect(page.locator("main")).to_contain_text("Đạt 8,5/10 điểm")
    fits_the_phone(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    pdf = download_info.value
    data = Path(pdf.path()).read_bytes()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    db.session.rollback()
    code = db.session.scalar(select(Certificate.code))
    assert "NGUYỄN THỊ ÁNH" in text
    assert f"{code[:5]}-{code[5:]}" in text
    assert pdf.suggested_filename == f"giay-chung-nhan-{code[:5]}-{code[5:]}.pdf"

    page.goto("/verify/")
    page.get_by_label("Mã xác thực").fill(f"{code[:5].lower()}-{code[5:].lower()}")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator(".verdict-valid")).to_contain_text("Giấy chứng nhận hợp lệ")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Ánh")
    fits_the_phone(page)
