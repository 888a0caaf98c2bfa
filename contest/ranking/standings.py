"""Reading a board: snapshot lines with who each candidate is, by page, by candidate, streamed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from contest.core.extensions import db
from contest.ranking.candidates import with_identity
from contest.ranking.models import Board, RankSnapshot
from contest.rounds.models import Round


@dataclass(frozen=True)
class Standing:
    """A leaderboard line as read from the snapshot, with who it is."""

    rank: int
    position: int
    tied: bool
    user_id: int
    attempt_id: int
    score: float | None
    duration_ms: int | None
    prediction: int | None
    prediction_error: int | None
    submitted_at: datetime | None
    full_name: str
    id_number: str | None
    phone: str | None
    unit: str | None
    locality: str | None


def standings_query(round_id: int, board: Board) -> Select:
    """Snapshot rows with who each candidate is, in leaderboard order."""
    s = RankSnapshot
    lines = select(
        s.rank,
        s.position,
        s.tied,
        s.user_id,
        s.attempt_id,
        s.score,
        s.duration_ms,
        s.prediction,
        s.prediction_error,
        s.submitted_at,
    )
    return (
        with_identity(lines, s.user_id)
        .where(s.round_id == round_id, s.board == board)
        .order_by(s.position)
    )


def standings(
    round: Round, board: Board, *, offset: int = 0, limit: int | None = 50
) -> list[Standing]:
    """A page of the board from `offset` (a position), with who each candidate is."""
    # Positions run 1…N without gaps: a range on the position index, not an OFFSET scan.
    query = standings_query(round.id, board).where(RankSnapshot.position > offset)
    if limit is not None:
        query = query.limit(limit)
    return [Standing(**row._mapping) for row in db.session.execute(query)]


def standing_of(round: Round, board: Board, user_id: int) -> Standing | None:
    """One candidate's line of the board, if they are ranked on it."""
    row = db.session.execute(
        standings_query(round.id, board).where(RankSnapshot.user_id == user_id)
    ).first()
    return Standing(**row._mapping) if row else None


def iter_standings(round: Round, board: Board = Board.LIVE, chunk: int = 5000):
    """Every line of the board, streamed from the database (exports).

    The rows themselves (attributes as on Standing): a million dataclasses would cost an
    export a tenth of its time.
    """
    result = db.session.execute(
        standings_query(round.id, board).execution_options(yield_per=chunk, stream_results=True)
    )
    yield from result
