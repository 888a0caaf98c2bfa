"""Times as people read them: in the configured display time zone (Vietnam by default)."""

from __future__ import annotations

from datetime import UTC, datetime

from contest.core.i18n import format_moment


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
