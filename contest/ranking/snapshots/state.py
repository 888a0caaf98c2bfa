"""A board's bookkeeping: its cutoff, whether it is stale, old or final, and the rebuild lock.

Staleness: while a round is open the snapshot is at most RANKING_SNAPSHOT_MAX_AGE_SECONDS old
when it holds up to RANKING_INLINE_REBUILD_ROWS rows (rebuilt on read); a bigger one is
refreshed by the `jobs run` worker every RANKING_REFRESH_SECONDS. After the close the first
read rebuilds it and, once no attempt is in progress, it is final. Regrades and prediction
recomputes mark it stale, so the next read rebuilds it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, select, update

from contest.attempts.marking.grading import grace
from contest.attempts.models import Attempt, AttemptStatus
from contest.core import cache
from contest.core.extensions import db
from contest.ranking.models import RankSnapshotState
from contest.rounds.models import Round


def freeze_moment(round: Round) -> datetime | None:
    """When the frozen board stops counting: N hours before the close, if the round freezes."""
    hours = round.leaderboard_freeze_hours or 0
    return round.closes_at - timedelta(hours=hours) if hours > 0 else None


def is_frozen(round: Round, now: datetime) -> bool:
    """Non-judges see the frozen board in the last N hours before the close."""
    moment = freeze_moment(round)
    return moment is not None and moment <= now < round.closes_at


def mark_stale(round: Round) -> None:
    """Invalidate the round's snapshots after a change to scores or the prediction target."""
    cache.invalidate_round(round.id, round.contest_id)
    db.session.execute(
        update(RankSnapshotState).where(RankSnapshotState.round_id == round.id).values(stale=True)
    )


def lock_round(round: Round) -> None:
    """Serialize snapshot rebuilds of one round (SQLite serializes every writer anyway).

    FOR NO KEY UPDATE: starts and submissions writing rows of the round (the foreign key's
    share lock on its key) neither wait for a rebuild nor make it wait."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(Round.id).where(Round.id == round.id).with_for_update(key_share=True)
        )


def needs_rebuild(state: RankSnapshotState, round: Round, now: datetime) -> bool:
    """Final: never. First read after the cutoff: always. Otherwise by age (and size if open)."""
    if state.final:
        return False
    cutoff = state.as_of or round.closes_at
    if now >= cutoff and state.built_at < cutoff:
        return True
    # Built during the grace after the close: the attempts still open then are final now.
    settles = round.closes_at + grace()
    if now > settles and state.built_at <= settles:
        return True
    config = current_app.config
    max_age = timedelta(seconds=config.get("RANKING_SNAPSHOT_MAX_AGE_SECONDS", 60))
    too_old = now - state.built_at > max_age
    if now >= cutoff:
        return too_old
    return too_old and state.row_count <= config.get("RANKING_INLINE_REBUILD_ROWS", 50_000)


def settled(round: Round, now: datetime, as_of: datetime | None) -> bool:
    """No attempt can still enter this board: the cutoff has passed and none is pending."""
    cutoff = as_of or round.closes_at
    if now < cutoff:
        return False
    pending = select(Attempt.id).where(
        Attempt.round_id == round.id, Attempt.status == AttemptStatus.IN_PROGRESS
    )
    if as_of is not None:
        pending = pending.where(Attempt.deadline <= as_of)
    return not db.session.scalar(select(exists(pending)))
