"""Exports: pure `(headers, rows)` builders for every list the judges export.

Every export is a `Table` (contest.core.export_writer): a title block (contest, round, time of
export in Vietnam time, who exported, the checksum when there is one), the column headers,
and the rows as an iterator, written by the one writer as .csv or .xlsx. The writer's names
are re-exported here, so callers need only `from contest import exports`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from contest.core.export_writer import (
    Cell,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def moment(value: datetime | None, zone: ZoneInfo = VIETNAM) -> str:
    """dd/mm/yyyy HH:MM:SS.mmm in Vietnam time: precise enough to explain a tie-break."""
    if value is None:
        return ""
    t = value.astimezone(zone)
    return (
        f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}."
        f"{t.microsecond // 1000:03d}"
    )


def clock_time(value: datetime, zone: ZoneInfo = VIETNAM) -> str:
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def duration_text(ms: int | None) -> str:
    """61234 → "1:01.234" (minutes:seconds.milliseconds)."""
    if ms is None:
        return ""
    minutes, rest = divmod(int(ms), 60_000)
    return f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"


def title_block(
    contest_title: str,
    round_name: str | None,
    list_name: str,
    exported_at: datetime,
    exported_by: str,
    extra: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    """The lines above every export: enough to attach the file to an official decision."""
    lines = [(_l("Cuộc thi"), contest_title)]
    if round_name:
        lines.append((_l("Tuần thi"), round_name))
    lines += [
        (_l("Danh sách"), list_name),
        (_l("Thời điểm xuất"), str(_l("%(time)s (giờ Việt Nam)", time=clock_time(exported_at)))),
        (_l("Người xuất"), exported_by),
        *extra,
    ]
    return lines


LEADERBOARD_HEADERS = [
    _l("Hạng"),
    _l("Đồng hạng"),
    _l("Họ và tên"),
    _l("Số CCCD"),
    _l("Điện thoại"),
    _l("Đơn vị"),
    _l("Địa phương"),
    _l("Điểm"),
    _l("Thời gian làm bài (ms)"),
    _l("Thời gian làm bài"),
    _l("Dự đoán"),
    _l("Sai số dự đoán"),
    _l("Nộp bài lúc"),
    _l("Giải"),
]


def leaderboard_rows(standings: Iterable, prizes: Mapping[int, str]) -> Iterator[list[Cell]]:
    """Leaderboard lines: rank, prize and every tie-break column, with full identity."""
    for s in standings:
        yield [
            s.rank,
            "x" if s.tied else "",
            s.full_name,
            s.id_number,
            s.phone,
            s.unit,
            s.locality,
            s.score,
            s.duration_ms,
            duration_text(s.duration_ms),
            s.prediction,
            s.prediction_error,
            moment(s.submitted_at),
            prizes.get(s.user_id, ""),
        ]


ATTEMPT_HEADERS = [
    _l("Mã bài thi"),
    _l("Lần thi"),
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
    _l("Thời gian làm bài (ms)"),
    _l("Dự đoán"),
    _l("Địa chỉ IP"),
]
STATUS_LABELS = {"submitted": _l("Đã nộp"), "expired": _l("Hết giờ"), "in_progress": _l("Đang làm")}


def attempt_rows(attempts: Iterable) -> Iterator[list[Cell]]:
    for a in attempts:
        yield [
            a.id,
            a.number,
            a.full_name,
            a.id_number,
            a.unit,
            a.locality,
            str(STATUS_LABELS.get(str(getattr(a.status, "value", a.status)), a.status)),
            moment(a.started_at),
            moment(a.submitted_at),
            a.score,
            a.max_score,
            a.correct_count,
            a.duration_ms,
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
    ]


def item_rows(items: Iterable, option_count: int) -> Iterator[list[Cell]]:
    for item in items:
        chosen = [item.option_counts.get(chr(ord("A") + i), 0) for i in range(option_count)]
        yield [
            item.question_id,
            item.topic,
            item.difficulty,
            item.text,
            item.shown,
            item.correct,
            _ratio(item.facility),
            _ratio(item.discrimination),
            item.key,
            *chosen,
            item.blank,
        ]


UNIT_HEADERS = [
    _l("Hạng"),
    _l("Đơn vị / địa phương"),
    _l("Loại"),
    _l("Số người dự thi"),
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


PRIZE_HEADERS = [
    _l("STT"),
    _l("Giải"),
    _l("Nhóm"),
    _l("Hạng"),
    _l("Họ và tên"),
    _l("Số CCCD"),
    _l("Đơn vị"),
    _l("Địa phương"),
    _l("Điểm"),
    _l("Thời gian làm bài (ms)"),
    _l("Sai số dự đoán"),
    _l("Nộp bài lúc"),
]


def prize_rows(awards: Iterable) -> Iterator[list[Cell]]:
    """The prize list as signed: this is also what its SHA-256 is computed on."""
    for number, a in enumerate(awards, 1):
        yield [
            number,
            a.tier_name,
            a.group_name or "",
            a.rank,
            a.full_name,
            a.id_number,
            a.unit,
            a.locality,
            a.score,
            a.duration_ms,
            a.prediction_error,
            moment(a.submitted_at),
        ]


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
