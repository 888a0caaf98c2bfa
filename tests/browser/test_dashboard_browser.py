"""The organizer's live dashboard: real charts, and figures that update by themselves."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from contest.core.clock import utcnow
from contest.core.extensions import db
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_open_round

pytestmark = BROWSER_TESTS


def test_the_dashboard_draws_charts_and_updates_itself(browser_window, make_user):
    organizer = make_user("organizer")
    round_ = gen_open_round(questions=2)
    started = utcnow() - timedelta(minutes=30)
    gen_attempt(round_, gen_candidate(), score=7.5, started_at=started)
    db.session.commit()
    page = browser_window(1366, 768).new_page()
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(organizer.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"/organizer/contests/rounds/{round_.id}/dashboard")

    expect(page.locator('[data-live="submitted"]')).to_have_text("1")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-scores')")
    for chart in ("chart-hours", "chart-scores", "chart-unit"):
        assert page.evaluate(f"() => !!Chart.getChart('{chart}')"), chart
    assert page.get_by_role("img", name="Phân bố điểm").count() == 1
    assert "Tải lại trang" not in page.content()

    db.session.rollback()  # end this session's read snapshot: the server wrote since
    gen_attempt(round_, gen_candidate(), score=10, started_at=started)
    db.session.commit()

    expect(page.locator('[data-live="submitted"]')).to_have_text("2", timeout=30_000)
    expect(page.locator('[data-live="candidates"]')).to_have_text("2")
