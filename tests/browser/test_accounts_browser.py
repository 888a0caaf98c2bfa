"""Account journeys in a real browser: register with consent on a phone, recover a forgotten
password through the development outbox, and a reset by the organizer for a candidate without
e-mail, with the forced change at sign-in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD

pytestmark = BROWSER_TESTS
NEW_PASSWORD = "mat-khau-moi-2026"


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def sign_in(page, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(login)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_new_user_registers_with_consent_on_a_390_px_phone(browser_window):
    page = browser_window(390, 844).new_page()
    page.goto("/")
    page.get_by_role("link", name="Đăng ký dự thi").first.click()
    expect(page.get_by_role("heading", name="Đăng ký dự thi")).to_be_visible()
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill("08/03/1995")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Số CCCD (12 chữ số)").fill("001195000321")
    page.get_by_label("Số điện thoại di động").fill("0987 111 222")
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-dung-1")
    notice = page.locator("#consent-notice")
    expect(notice).to_contain_text("Nghị định 13/2023/NĐ-CP")
    expect(notice).to_contain_text("ẩn danh")
    fits(page, 390)

    page.get_by_role("button", name="Đăng ký").click()  # the box is not ticked yet
    expect(page.locator("#consent-error")).to_contain_text("đồng ý")
    consent = page.get_by_label("Tôi đã đọc và đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân")
    assert consent.bounding_box()["height"] >= 16
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-dung-1")
    consent.check()
    page.get_by_role("button", name="Đăng ký").click()

    expect(page.locator(".flash-success")).to_contain_text("Đăng ký thành công")
    assert page.url.endswith("/me/")
    fits(page, 390)


@pytest.fixture
def file_outbox(app, tmp_path, monkeypatch):
    """Mail goes to files, as in development, so the outbox page shows it."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_PATH", str(tmp_path))
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "file")
    monkeypatch.setattr(state, "file_path", str(tmp_path))
    return tmp_path


def test_a_forgotten_password_is_reset_from_the_development_outbox(phone, make_user, file_outbox):
    user = make_user(email="quen@example.vn")
    page = phone.new_page()
    page.goto("/login")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill("quen@example.vn")
    page.get_by_role("button", name="Gửi liên kết đặt lại mật khẩu").click()
    expect(page.get_by_role("heading", name="Hãy kiểm tra email")).to_be_visible()

    page.get_by_role("link", name="Mở Hộp thư (phát triển)").click()
    message = page.locator(".mail-message").first
    expect(message).to_contain_text("Đặt lại mật khẩu ThiLuat")
    expect(message).to_contain_text("quen@example.vn")
    fits(page, 360)
    message.locator("a[href*='/password/reset/']").click()

    expect(page.get_by_role("heading", name="Đặt mật khẩu mới")).to_be_visible()
    page.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đặt mật khẩu mới")

    sign_in(page, user.phone, PASSWORD)
    expect(page.locator(".flash-error")).to_contain_text("Thông tin đăng nhập không đúng")
    sign_in(page, user.phone, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))


def test_an_organizer_resets_a_candidate_without_email_who_must_change_it(
    browser_window, make_user
):
    candidate = make_user()  # registered with a phone, no e-mail
    organizer = make_user("organizer")

    desk = browser_window(1280, 900).new_page()
    sign_in(desk, organizer.email, PASSWORD)
    desk.get_by_role("link", name="Cấp lại mật khẩu cho thí sinh").click()
    desk.get_by_label("Số CCCD (12 chữ số)").fill(candidate.id_number)
    desk.get_by_label("Ngày sinh (ngày/tháng/năm)").fill("01/01/1990")
    desk.get_by_label("Tôi đã đối chiếu thẻ căn cước").check()
    desk.get_by_role("button", name="Cấp mật khẩu tạm").click()
    one_time = desk.locator("#one-time-password").inner_text()

    page = browser_window(390, 844).new_page()
    sign_in(page, candidate.phone, one_time)
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    expect(page.locator("main")).to_contain_text("mật khẩu tạm")
    page.goto("/me/")  # nothing else before the change
    expect(page).to_have_url(re.compile(r"/password/change$"))
    page.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đổi mật khẩu")
    expect(page).to_have_url(re.compile(r"/me/$"))
    fits(page, 390)

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, candidate.phone, one_time)
    expect(page.locator(".flash-error")).to_contain_text("Thông tin đăng nhập không đúng")
    sign_in(page, candidate.phone, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
