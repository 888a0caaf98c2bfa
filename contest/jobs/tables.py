"""Round exports: pure `(headers, rows)` builders for every list the judges export of a round.

Every export is a `Table` (contest.core.export_writer): a title block, the column headers, and
the rows as an iterator, written by the one writer as .csv or .xlsx. Times are shown in the
display time zone (DISPLAY_TIMEZONE, Vietnam time by default), to the millisecond; durations
as m:ss beside a numeric seconds column (to the millisecond: it decides ties); scores as
numbers without spurious decimals; enumerations in Vietnamese words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from flask_babel import lazy_gettext as _l

from contest.core.export_writer import Cell
from contest.core.i18n import display_zone, format_moment
from contest.core.i18n.formatting import difficulty_word, duration_ms, seconds_of

LEADERBOARD_HEADERS = [
    _l("Hạng"),
    _l("Đồng hạng"),
    _l("Họ và tên"),
    _l("Số CCCD"),
    _l("Điện thoại"),
    _l("Đơn vị"),
    _l("Địa phương"),
    _l("Điểm"),
    _l("Thời gian làm bài (giây)"),
    _l("Thời gian làm bài"),
    _l("Dự đoán"),
    _l("Sai số dự đoán"),
    _l("Nộp bài lúc"),
    _l("Giải"),
]


def leaderboard_rows(standings: Iterable, prizes: Mapping[int, str]) -> Iterator[list[Cell]]:
    """Leaderboard lines: rank, prize and every tie-break column, with full identity."""
    zone = display_zone()
    for s in standings:
        yield [
            s.rank,
            "x" if s.tied else "",
            s.full_name,
            s.id_number,
            s.phone,
            s.unit,
            s.locality,
            plain_number(s.score),
            seconds_of(s.duration_ms),
            duration_ms(s.duration_ms),
            s.prediction,
            s.prediction_error,
            format_moment(s.submitted_at, zone),
            prizes.get(s.user_id, ""),
        ]


ATTEMPT_HEADERS = [
    _l("Mã bài thi"),
    _l("Lượt thi"),
    _l("Họ và tên"),
    _l("Số CCCD"),
    _l("Đơn vị"),
    _l("Địa phương"),
    _l("Trạng thái"),
    _l("Bắt đầu"),
    _l("Nộp bài lúc"),
    _l("Điểm"),
    _l("Điểm tối đa"),
    _l("Số câu đúng"),
    _l("Thời gian làm bài (giây)"),
    _l("Thời gian làm bài"),
    _l("Dự đoán"),
    _l("Địa chỉ IP"),
]
STATUS_LABELS = {"submitted": _l("Đã nộp"), "expired": _l("Hết giờ"), "in_progress": _l("Đang làm")}


def attempt_rows(attempts: Iterable) -> Iterator[list[Cell]]:
    zone = display_zone()
    for a in attempts:
        yield [
            a.id,
            a.number,
            a.full_name,
            a.id_number,
            a.unit,
            a.locality,
            str(STATUS_LABELS.get(str(getattr(a.status, "value", a.status)), a.status)),
            format_moment(a.started_at, zone),
            format_moment(a.submitted_at, zone),
            plain_number(a.score),
            plain_number(a.max_score),
            a.correct_count,
            seconds_of(a.duration_ms),
            duration_ms(a.duration_ms),
            a.prediction,
            a.ip,
        ]


def item_headers(option_count: int) -> list:
    labels = [_l("Chọn %(label)s", label=chr(ord("A") + i)) for i in range(option_count)]
    return [
        _l("Mã câu hỏi"),
        _l("Chủ đề"),
        _l("Độ khó"),
        _l("Nội dung"),
        _l("Số lượt"),
        _l("Số lượt đúng"),
        _l("Chỉ số dễ (tỉ lệ đúng)"),
        _l("Độ phân biệt"),
        _l("Đáp án"),
        *labels,
        _l("Bỏ trống"),
        _l("Câu trả lời sai thường gặp (câu điền từ)"),
    ]


def item_rows(items: Iterable, option_count: int) -> Iterator[list[Cell]]:
    for item in items:
        chosen = [item.option_counts.get(chr(ord("A") + i), 0) for i in range(option_count)]
        yield [
            item.question_id,
            item.topic,
            difficulty_word(item.difficulty),
            item.text,
            item.shown,
            item.correct,
            _ratio(item.facility),
            _ratio(item.discrimination),
            item.key,
            *chosen,
            item.blank,
            "; ".join(f"{text} ({count})" for text, count in item.common_wrong_answers),
        ]


UNIT_HEADERS = [
    _l("Hạng"),
    _l("Đơn vị / địa phương"),
    _l("Loại"),
    _l("Số thí sinh"),
    _l("Số lượt thi"),
    _l("Điểm trung bình"),
    _l("Số người đạt giải"),
    _l("Số người (biên chế)"),
    _l("Tỉ lệ tham gia (%)"),
]
KIND_LABELS = {"unit": _l("Cơ quan, đơn vị"), "locality": _l("Địa phương")}


def unit_rows(units: Iterable) -> Iterator[list[Cell]]:
    for u in units:
        yield [
            u.rank,
            u.name,
            str(KIND_LABELS.get(u.kind, u.kind)),
            u.participants,
            u.attempts,
            _ratio(u.average_score),
            u.winners,
            u.headcount,
            _ratio(u.participation_rate),
        ]


def plain_number(value: float | None) -> float | int | None:
    """3.0 → 3: a whole score is written as a whole number (a csv shows "3", not "3.0")."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
