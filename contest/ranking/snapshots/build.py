"""The rank snapshot that leaderboards read: rebuilt set-based when stale, old or first read late.

The rows are written by the dialect's bulk path (snapshot_partitions on PostgreSQL,
snapshot_staging on SQLite); no row passes through Python.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from contest.attempts.closing import finalize_round
from contest.core import cache
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.order import counted_rows, tie_break
from contest.ranking.prediction import ensure_prediction_actual
from contest.ranking.snapshots import partitions as snapshot_partitions
from contest.ranking.snapshots import staging as snapshot_staging
from contest.ranking.snapshots.state import freeze_moment, lock_round, needs_rebuild, settled
from contest.rounds.models import Round

REBUILD_STEPS = ("finalizing", "prediction", "ranking")


def rebuild_snapshot(
    round: Round,
    board: Board = Board.LIVE,
    now: datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
):
    """Rewrite the board's snapshot from the attempts, in bulk, and record when and as of what.

    progress(step, steps, phase) is told as each of the REBUILD_STEPS begins.
    """
    now = now or utcnow()
    tell = progress or (lambda _step, _steps, _phase: None)
    tell(0, len(REBUILD_STEPS), REBUILD_STEPS[0])
    lock_round(round)
    finalize_round(round, now)  # an attempt whose time is up ranks, whether or not it was sent
    tell(1, len(REBUILD_STEPS), REBUILD_STEPS[1])
    ensure_prediction_actual(round, now)
    tell(2, len(REBUILD_STEPS), REBUILD_STEPS[2])
    as_of = freeze_moment(round) if board == Board.FROZEN else None
    counted = counted_rows(round, as_of).subquery("counted")
    keys = tie_break(round)
    postgres = db.session.get_bind().dialect.name == "postgresql"
    writer = snapshot_partitions if postgres else snapshot_staging
    rows = writer.replace_board(round.id, board, counted, keys)
    state = db.session.get(RankSnapshotState, (round.id, board)) or RankSnapshotState(
        round_id=round.id, board=board
    )
    state.built_at, state.as_of, state.stale = now, as_of, False
    state.row_count = rows
    state.final = settled(round, now, as_of)
    db.session.add(state)
    db.session.flush()
    cache.invalidate_round(round.id, round.contest_id)
    return state


def current_snapshot(round: Round, board: Board = Board.LIVE, now: datetime | None = None):
    """The snapshot to read from, rebuilt first when it is missing, stale or too old.

    Concurrent readers that all find it old queue on the round's row lock (PostgreSQL); the
    first rebuilds it and the others, once they have the lock, find it fresh and read it.
    """
    now = now or utcnow()
    state = db.session.get(RankSnapshotState, (round.id, board))
    if state is None or state.stale or needs_rebuild(state, round, now):
        lock_round(round)
        state = db.session.get(RankSnapshotState, (round.id, board), populate_existing=True)
        if state is None or state.stale or needs_rebuild(state, round, now):
            return rebuild_snapshot(round, board, now)
    return state


def unsettled_boards(now: datetime | None = None) -> list[tuple[Round, Board]]:
    """Every board of a started round that is not final yet: what the worker keeps fresh.

    The frozen board counts once the freeze has begun.
    """
    now = now or utcnow()
    settled_rounds = select(RankSnapshotState.round_id).where(
        RankSnapshotState.board == Board.LIVE, RankSnapshotState.final.is_(True)
    )
    rounds = db.session.scalars(
        select(Round).where(Round.opens_at <= now, Round.id.not_in(settled_rounds))
    )
    boards = []
    for round in rounds.all():
        moment = freeze_moment(round)
        for board in [Board.LIVE] + (
            [Board.FROZEN] if moment is not None and moment <= now else []
        ):
            state = db.session.get(RankSnapshotState, (round.id, board))
            if state is None or not state.final:
                boards.append((round, board))
    return boards
