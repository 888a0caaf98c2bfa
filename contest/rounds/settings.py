"""Reading a round's settings from a form or an API body: one parser, Vietnamese messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.i18n import local_to_utc
from contest.rounds.models import (
    CountedAttempt,
    DisplayMode,
    MultiChoiceScoring,
    PredictionTarget,
    ReviewPolicy,
    Visibility,
)
from questions.models import Difficulty

TIE_BREAK_KEYS = ("score", "duration", "prediction_error", "submitted_at")
MAX_ATTEMPTS = 100
MAX_TIME_LIMIT_SECONDS = 24 * 3600


class FieldError(ValueError):
    """A value that cannot be used; the message is shown next to the field."""


def _text(limit: int, required_message) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = " ".join(str(value or "").split())
        if not text:
            raise FieldError(required_message)
        if len(text) > limit:
            raise FieldError(_l("Tối đa %(n)s ký tự.", n=limit))
        return text

    return parse


def parse_time(value: Any) -> datetime:
    """ISO 8601 with any offset, or a naive time (datetime-local input) meaning Vietnam time."""
    if isinstance(value, datetime):
        return local_to_utc(value)
    try:
        return local_to_utc(datetime.fromisoformat(str(value or "").strip()))
    except ValueError:
        raise FieldError(_l("Vui lòng nhập ngày giờ hợp lệ (ví dụ 01/12/2026 08:00).")) from None


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("1", "true", "on", "yes", "y", "có"):
        return True
    if text in ("", "0", "false", "off", "no", "n", "không"):
        return False
    raise FieldError(_l("Giá trị phải là đúng hoặc sai."))


def _integer(minimum: int, maximum: int, message) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise FieldError(message)
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise FieldError(message) from None
        if not minimum <= number <= maximum:
            raise FieldError(message)
        return number

    return parse


def _positive_number(message) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise FieldError(message)
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            raise FieldError(message) from None
        if not 0 < number <= 1000:
            raise FieldError(message)
        return number

    return parse


def _choice(enum_cls: type[StrEnum]) -> Callable[[Any], StrEnum]:
    def parse(value: Any) -> StrEnum:
        try:
            return enum_cls(str(value or "").strip())
        except ValueError:
            choices = ", ".join(member.value for member in enum_cls)
            raise FieldError(
                _l("Giá trị không hợp lệ; chọn một trong: %(c)s.", c=choices)
            ) from None

    return parse


def _optional_text(value: Any) -> str | None:
    text = str(value or "").strip()
    if len(text) > 1000:
        raise FieldError(_l("Tối đa %(n)s ký tự.", n=1000))
    return text or None


def _optional_choice(enum_cls: type[StrEnum]) -> Callable[[Any], StrEnum | None]:
    def parse(value: Any) -> StrEnum | None:
        return _choice(enum_cls)(value) if value not in (None, "") else None

    return parse


_POINTS_MESSAGE = _l("Điểm mỗi câu phải là số dương (tối đa 1000).")


def parse_points_by_difficulty(value: Any) -> dict[str, float] | None:
    """{"easy": 1, "medium": 2, "hard": 3}, all three positive, or None (same points for all)."""
    if value in (None, "", {}):
        return None
    message = _l("Nhập điểm (số dương) cho cả ba mức độ Dễ, Trung bình, Khó, hoặc để trống cả ba.")
    if not isinstance(value, dict) or set(value) != {d.value for d in Difficulty}:
        raise FieldError(message)
    try:
        return {d.value: _positive_number(message)(value[d.value]) for d in Difficulty}
    except FieldError:
        raise FieldError(message) from None


def parse_tie_break(value: Any) -> list[str]:
    """Ranking keys in order: known keys, each at most once, score first."""
    keys = value.split(",") if isinstance(value, str) else value
    if not isinstance(keys, list | tuple):
        raise FieldError(_l("Tiêu chí xếp hạng phải là một danh sách."))
    keys = [str(key).strip() for key in keys if str(key).strip()]
    unknown = [key for key in keys if key not in TIE_BREAK_KEYS]
    if unknown:
        raise FieldError(
            _l(
                "Tiêu chí xếp hạng không hợp lệ: %(k)s; chọn trong: %(c)s.",
                k=", ".join(unknown),
                c=", ".join(TIE_BREAK_KEYS),
            )
        )
    if len(set(keys)) != len(keys):
        raise FieldError(_l("Mỗi tiêu chí xếp hạng chỉ được chọn một lần."))
    if not keys or keys[0] != "score":
        raise FieldError(_l("Tiêu chí xếp hạng đầu tiên phải là điểm."))
    return keys


PARSERS: dict[str, Callable[[Any], Any]] = {
    "name": _text(200, _l("Vui lòng nhập tên tuần thi.")),
    "opens_at": parse_time,
    "closes_at": parse_time,
    "time_limit_seconds": _integer(
        1, MAX_TIME_LIMIT_SECONDS, _l("Thời gian làm bài phải là số dương (tối đa 24 giờ).")
    ),
    "shuffle_questions": parse_bool,
    "shuffle_options": parse_bool,
    "points_per_question": _positive_number(_POINTS_MESSAGE),
    "points_by_difficulty": parse_points_by_difficulty,
    "multi_choice_scoring": _choice(MultiChoiceScoring),
    "max_attempts": _integer(
        1, MAX_ATTEMPTS, _l("Số lượt thi phải từ 1 đến %(n)s.", n=MAX_ATTEMPTS)
    ),
    "cooldown_seconds": _integer(
        0, 30 * 24 * 3600, _l("Thời gian chờ giữa hai lượt phải là số không âm.")
    ),
    "counted_attempt": _choice(CountedAttempt),
    "prediction_question": _optional_text,
    "prediction_target": _optional_choice(PredictionTarget),
    "tie_break": parse_tie_break,
    "review_policy": _choice(ReviewPolicy),
    "auto_publish": parse_bool,
    "leaderboard_visibility": _choice(Visibility),
    "leaderboard_freeze_hours": _integer(
        0, 24 * 31, _l("Số giờ ẩn bảng xếp hạng phải là số không âm.")
    ),
    "display_mode": _choice(DisplayMode),
}

FIELD_LABELS = {
    "name": _l("tên"),
    "opens_at": _l("thời điểm mở"),
    "closes_at": _l("thời điểm đóng"),
    "time_limit_seconds": _l("thời gian làm bài"),
    "shuffle_questions": _l("đảo câu hỏi"),
    "shuffle_options": _l("đảo phương án"),
    "points_per_question": _l("điểm mỗi câu"),
    "points_by_difficulty": _l("điểm theo mức độ"),
    "multi_choice_scoring": _l("cách chấm câu nhiều đáp án"),
    "max_attempts": _l("số lượt thi"),
    "cooldown_seconds": _l("thời gian chờ giữa hai lượt"),
    "counted_attempt": _l("lượt được tính"),
    "prediction_question": _l("câu hỏi dự đoán"),
    "prediction_target": _l("đại lượng dự đoán"),
    "tie_break": _l("thứ tự xếp hạng"),
    "review_policy": _l("chế độ xem đáp án"),
    "auto_publish": _l("công bố kết quả tự động"),
    "leaderboard_visibility": _l("ai xem được bảng xếp hạng"),
    "leaderboard_freeze_hours": _l("số giờ ẩn bảng xếp hạng"),
    "display_mode": _l("cách hiển thị câu hỏi"),
    "blueprint": _l("ma trận đề"),
    "question_ids": _l("danh sách câu hỏi cố định"),
}

REQUIRED_MESSAGES = {
    "name": _l("Vui lòng nhập tên tuần thi."),
    "opens_at": _l("Vui lòng nhập thời điểm mở."),
    "closes_at": _l("Vui lòng nhập thời điểm đóng."),
    "time_limit_seconds": _l("Vui lòng nhập thời gian làm bài."),
}


def parse_settings(data: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The settings present in `data`, parsed; problems are added to `errors` (field → message)."""
    values: dict[str, Any] = {}
    for name, parse in PARSERS.items():
        if name not in data:
            continue
        try:
            values[name] = parse(data[name])
        except FieldError as error:
            errors[name] = str(error)
    return values


def check_consistency(settings: dict[str, Any], errors: dict[str, str]) -> None:
    """Rules between fields, on the complete (merged) settings of a round."""
    times_valid = "opens_at" not in errors and "closes_at" not in errors
    if times_valid and settings["closes_at"] <= settings["opens_at"]:
        errors["closes_at"] = str(_l("Thời điểm đóng phải sau thời điểm mở."))
    if settings.get("prediction_question") and settings.get("prediction_target") is None:
        errors.setdefault(
            "prediction_target", str(_l("Vui lòng chọn đại lượng mà câu hỏi dự đoán hướng tới."))
        )
