"""Language and time display: Vietnamese first, English on request; dd/mm/yyyy in Vietnam time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_request_context, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from contest.core.extensions import babel
from contest.core.i18n import formatting


def select_locale() -> str:
    lang = session.get("lang") if has_request_context() else None
    return (
        lang
        if lang in current_app.config["LANGUAGES"]
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def display_zone() -> ZoneInfo:
    """The one time zone pages and exports show times in (DISPLAY_TIMEZONE, Vietnam by default)."""
    return ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])


def format_datetime(value: datetime | None, zone: ZoneInfo | None = None) -> str:
    """dd/mm/yyyy HH:MM in the display time zone (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    return value.astimezone(zone or display_zone()).strftime("%d/%m/%Y %H:%M")


def format_moment(value: datetime | None, zone: ZoneInfo | None = None) -> str:
    """dd/mm/yyyy HH:MM:SS.mmm in the display time zone: precise enough to explain a tie-break.

    A long export resolves the zone once (`display_zone()`) and passes it for every cell.
    """
    if value is None:
        return ""
    t = value.astimezone(zone or display_zone())
    return (
        f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}."
        f"{t.microsecond // 1000:03d}"
    )


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def local_to_utc(value: datetime) -> datetime:
    """Interpret a naive datetime typed by an organizer as Vietnam time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=display_zone())
    return value.astimezone(UTC)


ROLE_LABELS = {
    "admin": _l("Quản trị"),
    "organizer": _l("Ban tổ chức"),
    "judge": _l("Ban giám khảo"),
    "candidate": _l("Thí sinh"),
}
ROUND_STATE_LABELS = {
    "draft": _l("Bản nháp"),
    "upcoming": _l("Sắp mở"),
    "open": _l("Đang mở"),
    "closed": _l("Đã đóng"),
    "published": _l("Đã công bố kết quả"),
}


TIE_BREAK_LABELS = {
    "score": _l("điểm (cao hơn xếp trên)"),
    "duration": _l("thời gian làm bài (ngắn hơn xếp trên)"),
    "prediction_error": _l("sai số dự đoán (nhỏ hơn xếp trên)"),
    "submitted_at": _l("thời điểm nộp bài (sớm hơn xếp trên)"),
}


def tie_break_label(key: str) -> str:
    """A ranking key as judges read it, with its direction in words."""
    return str(TIE_BREAK_LABELS.get(key, key))


def role_label(role) -> str:
    return str(ROLE_LABELS.get(getattr(role, "value", role), role))


def round_state_label(state) -> str:
    return str(ROUND_STATE_LABELS.get(getattr(state, "value", state), state))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["round_state_label"] = round_state_label
    app.jinja_env.filters["tie_break_label"] = tie_break_label
    formatting.init_app(app)
