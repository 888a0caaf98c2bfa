"""A round's end: no attempt is left in progress once a round is closed and anything reads it.

Closing a round, at its time or early, makes its attempts final from the answers saved before
the close. Early, the organizer's close finalizes them at once. At its time, whoever reads the
round first after the close and its grace (a board rebuild, a prize list, an export, the
statistics, or the scheduled `finalize-expired`) finalizes them: `finalize_round` is cheap when
nothing is pending (an index on round and status), so every reader calls it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from contest.attempts.marking.grading import finalize_where, grace
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.extensions import db
from contest.rounds import lifecycle
from contest.rounds.models import Round


def finalize_round(round: Round, now: datetime) -> int:
    """Expire and score the attempts of this round whose time is up; how many this call closed.

    Time is up past the attempt's own deadline or the round's close, plus the network grace.
    """
    cutoff = now - grace()
    return finalize_where(
        Attempt.round_id == round.id,
        or_(Attempt.deadline < cutoff, Round.closes_at < cutoff),
        now=now,
    )


def close_round(round: Round, now: datetime, reason: str | None = None) -> Round:
    """End an open round now and finalize every attempt still in progress, from its answers."""
    lifecycle.close_round(round, now, reason)
    finalize_where(Attempt.round_id == round.id, now=now)
    return round


def in_progress_count(round: Round) -> int:
    """Attempts of the round still in progress: what closing it now would score."""
    return db.session.scalar(
        select(func.count()).where(
            Attempt.round_id == round.id, Attempt.status == AttemptStatus.IN_PROGRESS
        )
    )
