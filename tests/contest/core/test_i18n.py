"""Vietnamese by default, English on request; dates as Vietnamese read them."""


def test_language_switch_shows_english(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en?next=/login")
    html = client.get("/login").get_data(as_text=True)
    assert "Sign in" in html
    assert 'lang="en"' in html


def test_dates_are_shown_as_dd_mm_yyyy_in_vietnam_time(app):
    from datetime import UTC, datetime

    from contest.core.i18n import format_datetime

    assert format_datetime(datetime(2026, 11, 27, 17, 30, tzinfo=UTC)) == "28/11/2026 00:30"
