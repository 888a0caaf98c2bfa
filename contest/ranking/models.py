"""Rankings: the rank snapshot that leaderboards read, and its bookkeeping per board."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db


class Board(StrEnum):
    """Which ranking a snapshot holds: the live one, or the one frozen before the close."""

    LIVE = "live"
    FROZEN = "frozen"


class RankSnapshot(db.Model):
    """One candidate's counted row and rank in a round, rebuilt set-based (a derived cache).

    No foreign keys on purpose: the table is rewritten with one INSERT … SELECT of up to a
    million rows, and per-row key checks would double that time. Rows go with their state row.
    On PostgreSQL it is partitioned by round, then by board: a rebuild loads a bare partition,
    indexes it and swaps it in (contest/ranking/snapshots/partitions.py).
    """

    __tablename__ = "rank_snapshot"
    __table_args__ = (
        Index("ix_rank_snapshot_position", "round_id", "board", "position"),
        {"postgresql_partition_by": "LIST (round_id)"},
    )

    round_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    board: Mapped[Board] = mapped_column(enum_column(Board, "rank_board"), primary_key=True)
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    attempt_id: Mapped[int]
    position: Mapped[int]
    rank: Mapped[int]
    tied: Mapped[bool]
    score: Mapped[float | None]
    duration_ms: Mapped[int | None]
    prediction: Mapped[int | None]
    prediction_error: Mapped[int | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RankSnapshotState(db.Model):
    """When a round's snapshot was built, from which moment, and whether it must be rebuilt."""

    __tablename__ = "rank_snapshot_state"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), primary_key=True
    )
    board: Mapped[Board] = mapped_column(enum_column(Board, "rank_board"), primary_key=True)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The frozen board ranks the attempts finished by this moment.
    as_of: Mapped[datetime | None] = mapped_column(UTCDateTime)
    row_count: Mapped[int] = mapped_column(default=0)
    # Built after the close with no attempt still in progress: it will not change by itself.
    final: Mapped[bool] = mapped_column(default=False)
    stale: Mapped[bool] = mapped_column(default=False)
