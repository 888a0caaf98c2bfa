"""Vietnamese by default, English on request; dates and times as Vietnamese read them, in the
configured display time zone (Vietnam by default)."""

from __future__ import annotations

from datetime import UTC, datetime

from contest.core.i18n import format_datetime, format_moment


def test_language_switch_shows_english(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en?next=/login")
    html = client.get("/login").get_data(as_text=True)
    assert "Sign in" in html
    assert 'lang="en"' in html


def test_dates_are_shown_as_dd_mm_yyyy_in_vietnam_time(app):
    assert format_datetime(datetime(2026, 11, 27, 17, 30, tzinfo=UTC)) == "28/11/2026 00:30"


def test_moment_is_shown_in_vietnam_time_to_the_millisecond(app):
    assert (
        format_moment(datetime(2026, 11, 20, 3, 0, 5, 123456, tzinfo=UTC))
        == "20/11/2026 10:00:05.123"
    )


def test_moment_is_shown_in_the_configured_time_zone(app):
    app.config["DISPLAY_TIMEZONE"] = "Asia/Tokyo"
    try:
        shown = format_moment(datetime(2026, 11, 20, 3, 0, 5, 123456, tzinfo=UTC))
    finally:
        app.config["DISPLAY_TIMEZONE"] = "Asia/Ho_Chi_Minh"

    assert shown == "20/11/2026 12:00:05.123"
