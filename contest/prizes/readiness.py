"""Before a round is announced: its checklist, and the announcement that enforces it.

Each check has a stable name and a Vietnamese message saying what is right or what to do. The
round's page shows the list; announcing (page or API) refuses while any check fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.prizes.models import PrizeResult, PrizeTier
from contest.rounds import lifecycle
from contest.rounds.models import Round
from contest.rounds.pool import pool_shortfalls


@dataclass(frozen=True)
class Check:
    """One line of the checklist: its name, whether it passes, and what it says."""

    name: str
    ok: bool
    message: str


class ChecklistIncomplete(Conflict):
    code = "checklist_incomplete"
    default_message = _l("Tuần thi chưa sẵn sàng để công khai.")


def round_checklist(round: Round, now: datetime) -> list[Check]:
    """The checks a round must pass before candidates see it."""
    return [_rules(round), _questions(round), _prizes(round), _dates(round, now)]


def _rules(round: Round) -> Check:
    if round.contest.rules.strip():
        return Check("rules", True, str(_l("Thể lệ cuộc thi đã được soạn.")))
    return Check(
        "rules", False, str(_l("Chưa có thể lệ cuộc thi: soạn thể lệ ở trang sửa cuộc thi."))
    )


def _questions(round: Round) -> Check:
    if round.question_count == 0:
        return Check("questions", False, str(_l("Tuần thi chưa có câu hỏi nào.")))
    missing = pool_shortfalls(round)
    if missing:
        cells = "; ".join(
            str(_l("%(k)s thiếu %(n)s câu", k=m["key"], n=m["requested"] - m["available"]))
            for m in missing
        )
        return Check(
            "questions",
            False,
            str(_l("Ngân hàng không đủ câu hỏi cho ma trận đề: %(c)s.", c=cells)),
        )
    return Check(
        "questions",
        True,
        str(_l("Ngân hàng đủ câu hỏi cho %(n)s câu mỗi lượt thi.", n=round.question_count)),
    )


def prizes_defined(round: Round) -> bool:
    """A prize list with at least one tier, for this round or for its whole contest."""
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(PrizeTier.result_id == PrizeResult.id)
                .where(
                    or_(
                        PrizeResult.round_id == round.id,
                        (PrizeResult.contest_id == round.contest_id)
                        & PrizeResult.round_id.is_(None),
                    )
                )
            )
        )
    )


def _prizes(round: Round) -> Check:
    if prizes_defined(round):
        return Check("prizes", True, str(_l("Cơ cấu giải thưởng đã được xác định.")))
    return Check(
        "prizes",
        False,
        str(_l("Chưa xác định cơ cấu giải: khai báo các giải ở trang Giải thưởng của tuần thi.")),
    )


def _dates(round: Round, now: datetime) -> Check:
    if round.closes_at <= now:
        return Check("dates", False, str(_l("Thời điểm đóng đã qua: hãy dời lịch tuần thi.")))
    window = (round.closes_at - max(round.opens_at, now)).total_seconds()
    if window < round.time_limit_seconds:
        return Check(
            "dates",
            False,
            str(_l("Thời gian mở ngắn hơn thời gian làm bài của một lượt thi.")),
        )
    return Check("dates", True, str(_l("Lịch mở, đóng và thời gian làm bài hợp lý.")))


def announce_round(round: Round, now: datetime) -> Round:
    """Make a draft visible to candidates (it opens at its time); refused until the list passes."""
    if not round.is_draft:
        return lifecycle.mark_announced(round, now)  # refuses: already announced
    failing = [check for check in round_checklist(round, now) if not check.ok]
    if failing:
        raise ChecklistIncomplete(
            _l(
                "Tuần thi chưa sẵn sàng để công khai: %(c)s",
                c=" ".join(check.message for check in failing),
            ),
            details={"checks": [check.name for check in failing]},
        )
    return lifecycle.mark_announced(round, now)
