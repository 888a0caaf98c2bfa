"""Human units, one way everywhere: pages (as Jinja filters), exports and messages.

- durations as m:ss, or h:mm:ss from an hour on ("1:21", "1:02:05"); exports keep a numeric
  seconds column beside the text;
- scores and figures without spurious decimals, with the Vietnamese decimal comma ("7,5"; in
  English a decimal point);
- enumerations and the ranking order in words.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from contest.core.markup import render_markdown


def _decimal_mark() -> str:
    """ "," in Vietnamese (the default, also outside requests), "." in English."""
    if has_request_context() and str(get_locale()) == "en":
        return "."
    return ","


def clock(seconds: float | None) -> str:
    """81 → "1:21", 3725 → "1:02:05" (whole seconds, rounded down); None → ""."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_ms(milliseconds: int | None) -> str:
    """81457 → "1:21": a time taken, as people read it."""
    return "" if milliseconds is None else clock(milliseconds // 1000)


def seconds_of(milliseconds: int | None) -> float | None:
    """81457 → 81.457: the numeric column exports keep beside the text."""
    return None if milliseconds is None else round(milliseconds / 1000, 3)


def number(value: float | int | None, places: int = 2) -> str:
    """3.0 → "3", 7.25 → "7,25", 2/3 → "0,67": no spurious decimals, the local decimal mark."""
    if value is None:
        return ""
    text = f"{float(value):.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", _decimal_mark())


def score(value: float | None) -> str:
    """A score: "8", "7,5" (up to four decimals for partial credit)."""
    return number(value, 4)


def percent(ratio: float | None, places: int = 1) -> str:
    """0.4567 → "45,7 %"."""
    return "" if ratio is None else f"{number(ratio * 100, places)} %"


DIFFICULTY_WORDS = {"easy": _l("Dễ"), "medium": _l("Trung bình"), "hard": _l("Khó")}

RANKING_KEY_WORDS = {
    "score": _l("điểm cao hơn"),
    "duration": _l("thời gian làm bài ngắn hơn"),
    "prediction_error": _l("dự đoán sát hơn"),
    "submitted_at": _l("nộp bài sớm hơn"),
}


def difficulty_word(value) -> str:
    value = getattr(value, "value", value)
    return str(DIFFICULTY_WORDS.get(value, value or ""))


def ranking_order(keys: Iterable[str]) -> str:
    """The tie-break in words: "điểm cao hơn xếp trên; nếu bằng nhau, thời gian … xếp trên; …"."""
    words = [str(RANKING_KEY_WORDS.get(key, key)) for key in keys]
    if not words:
        return ""
    first, *rest = words
    parts = [str(_l("%(key)s xếp trên", key=first))]
    parts += [str(_l("nếu vẫn bằng nhau, %(key)s xếp trên", key=key)) for key in rest]
    return "; ".join(parts)


def init_app(app) -> None:
    """Register the Jinja filters every template uses."""
    filters = app.jinja_env.filters
    filters["duration"] = lambda ms: duration_ms(ms) or "—"
    filters["clock"] = lambda seconds: clock(seconds) or "—"
    filters["score"] = lambda value: score(value) if value is not None else "—"
    filters["number"] = number
    filters["percent"] = lambda ratio, places=1: percent(ratio, places) or "—"
    filters["difficulty_word"] = difficulty_word
    filters["ranking_order"] = lambda keys: ranking_order(keys)
    filters["markdown"] = render_markdown
