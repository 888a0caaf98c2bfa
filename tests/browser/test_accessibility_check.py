"""The check every journey runs after each navigation fails on a page that a screen-reader or
low-vision user could not use, names the rule and the element, and keeps the screenshot."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS
ORIGIN = "http://a11y.example"
BROKEN = """<!doctype html><html lang="vi"><head><title>Trang hỏng</title></head><body>
<main><h1>Đăng ký</h1>
<form><input id="cccd" name="cccd"><button></button></form>
<p style="color:#bbb;background:#fff">Chữ nhạt trên nền trắng</p></main></body></html>"""
SOUND = (
    BROKEN.replace(
        '<input id="cccd" name="cccd">',
        '<label for="cccd">Số CCCD</label><input id="cccd" name="cccd">',
    )
    .replace("<button></button>", "<button>Gửi</button>")
    .replace("#bbb", "#333")
)


def serve(page, html: str) -> None:
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{ORIGIN}/")


def test_an_unlabelled_field_a_nameless_button_and_faint_text_fail_the_check(
    browser_window, check_page
):
    page = browser_window(390, 844).new_page()
    serve(page, BROKEN)

    with pytest.raises(AssertionError) as failure:
        check_page(page, "broken form")

    message = str(failure.value)
    for rule in ("critical label", "critical button-name", "serious color-contrast"):
        assert rule in message
    assert "#cccd" in message
    assert (check_page.folder / "01-broken-form.png").stat().st_size > 0


def test_the_same_page_made_usable_passes(browser_window, check_page):
    page = browser_window(390, 844).new_page()
    serve(page, SOUND)

    check_page(page, "sound form")
