"""The prize list as signed: its columns (declared once), its rows, its checksum and its file.

The list is a prize result's winners in list order. Its SHA-256 is computed on the canonical CSV
of exactly these headers (always in Vietnamese) and rows, so anyone can check a copy. Times are
printed in the display time zone (DISPLAY_TIMEZONE), the one every export uses: it is part of
what the judges sign, so it must not change once lists are locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.core import export_writer
from contest.core.clock import utcnow
from contest.core.export_writer import Cell
from contest.core.extensions import db
from contest.core.i18n import format_datetime, format_moment
from contest.prizes.models import PrizeAward, PrizeResult, PrizeTier
from contest.rounds.models import Contest, ParticipantGroup, Round


class Winner(NamedTuple):
    """A line of the list: its number, its tier and group names, and the award it shows."""

    number: int
    tier: str
    group: str | None
    award: PrizeAward


COLUMNS: tuple[tuple[LazyString, Callable[[Winner], Cell]], ...] = (
    (_l("STT"), lambda w: w.number),
    (_l("Giải"), lambda w: w.tier),
    (_l("Nhóm"), lambda w: w.group or ""),
    (_l("Hạng"), lambda w: w.award.rank),
    (_l("Họ và tên"), lambda w: w.award.full_name),
    (_l("Số CCCD"), lambda w: w.award.id_number),
    (_l("Đơn vị"), lambda w: w.award.unit),
    (_l("Địa phương"), lambda w: w.award.locality),
    (_l("Điểm"), lambda w: w.award.score),
    (_l("Thời gian làm bài (ms)"), lambda w: w.award.duration_ms),
    (_l("Sai số dự đoán"), lambda w: w.award.prediction_error),
    (_l("Nộp bài lúc"), lambda w: format_moment(w.award.submitted_at)),
)
WIDTHS = [6, 22, 18, 7, 26, 14, 24, 24, 8, 12, 9, 24]


def winners(result: PrizeResult, awards: Sequence[PrizeAward] | None = None) -> list[Winner]:
    """The lines of the list: the awards with a tier, in list order (the stored ones by default)."""
    tiers = {t.id: t.name for t in result.tiers}
    groups = dict(
        db.session.execute(
            select(ParticipantGroup.id, ParticipantGroup.name).where(
                ParticipantGroup.contest_id == result.contest_id
            )
        ).all()
    )
    shown = sorted(awards if awards is not None else result.awards, key=lambda a: a.position)
    return [
        Winner(number, tiers[a.tier_id], groups.get(a.group_id), a)
        for number, a in enumerate((a for a in shown if a.tier_id is not None), 1)
    ]


def prize_headers() -> list[str]:
    """The list's headers, always in Vietnamese: the checksum must not depend on the locale."""
    with force_locale("vi"):
        return [str(header) for header, _value in COLUMNS]


def prize_rows(result: PrizeResult, awards: Sequence[PrizeAward] | None = None) -> Iterator:
    """The rows of the list as signed: also what its SHA-256 is computed on."""
    for winner in winners(result, awards):
        yield [value(winner) for _header, value in COLUMNS]


def checksum(result: PrizeResult, awards: Sequence[PrizeAward] | None = None) -> str:
    """SHA-256 of the canonical CSV of the prize list (what anyone can recompute from a copy)."""
    return export_writer.sha256_of(prize_headers(), prize_rows(result, awards))


def prize_export(
    result: PrizeResult, exported_by: str, now: datetime | None = None
) -> export_writer.Table:
    """The prize list as signed, with its checksum and approvals in the title block."""
    now = now or utcnow()
    round = db.session.get(Round, result.round_id) if result.round_id else None
    contest = db.session.get(Contest, result.contest_id)
    sha = result.sha256 or result.proposal_sha256 or ""
    extra = [
        ("Trạng thái", "Đã khóa" if result.is_locked else "Bản đề xuất (chưa khóa)"),
        ("SHA-256", sha),
        *(
            ("Phê duyệt", f"{a.judge.full_name} — {format_datetime(a.at)}")
            for a in result.approvals
            if a.proposal_sha256 == sha
        ),
    ]
    if result.locked_at:
        extra.append(("Khóa lúc", f"{format_datetime(result.locked_at)} (giờ Việt Nam)"))
    title = export_writer.title_block(
        contest.title,
        round.name if round else "Toàn cuộc thi",
        "Danh sách đề nghị khen thưởng",
        now,
        exported_by,
        extra,
    )
    # The rows are read now, while the request's session holds the result: the response streams
    # them from a context of its own, where the result's lazy attributes could not load.
    rows = list(prize_rows(result))
    return export_writer.Table(title, prize_headers(), rows, "Danh sách giải", WIDTHS)


def prize_names(round: Round) -> dict[int, str]:
    """user id → prize (tier) name in the round's prize list, if there is one."""
    rows = db.session.execute(
        select(PrizeAward.user_id, PrizeTier.name)
        .join(PrizeTier, PrizeTier.id == PrizeAward.tier_id)
        .join(PrizeResult, PrizeResult.id == PrizeAward.result_id)
        .where(PrizeResult.round_id == round.id)
    )
    return dict(rows.all())
