"""How a round's results are spread: candidates per score, final attempts per day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, literal, select

from contest.attempts.closing import finalize_round
from contest.attempts.models import Attempt
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.core.i18n import display_zone
from contest.ranking.order import FINAL_STATUSES, counted_rows
from contest.rounds.models import Round


def score_distribution(round: Round) -> list[tuple[float, int]]:
    """[(score, candidates)] over the counted attempts, in score order."""
    finalize_round(round, utcnow())
    counted = counted_rows(round).subquery("counted")
    rows = db.session.execute(
        select(counted.c.score, func.count()).group_by(counted.c.score).order_by(counted.c.score)
    )
    return [(score, count) for score, count in rows if score is not None]


def participation_by_day(round: Round) -> list[tuple[date, int]]:
    """Final attempts per day in the display time zone (Vietnam: UTC+7, no daylight saving).

    Days are cut at the zone's offset of today, which holds for a zone without daylight saving.
    """
    offset = utcnow().astimezone(display_zone()).utcoffset()
    finished = func.coalesce(Attempt.submitted_at, Attempt.deadline)
    if db.engine.dialect.name == "sqlite":
        day = func.date(finished, f"{offset.total_seconds():+.0f} seconds")
    else:
        day = func.date(finished + literal(offset))
    rows = db.session.execute(
        select(day.label("day"), func.count())
        .where(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
        .group_by(day)
        .order_by(day)
    )
    return [(d if isinstance(d, date) else date.fromisoformat(d), n) for d, n in rows]
