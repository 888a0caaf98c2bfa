"""Prize lists: tiers, the proposed awards, exclusions, and the approvals of two judges."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db


class PrizeStatus(StrEnum):
    DRAFT = "draft"
    LOCKED = "locked"


class PrizeResult(db.Model):
    """The prize list of one round (or of the whole contest): proposed, approved twice, locked.

    Once locked_at is set the database refuses any change to it and to its rows (triggers).
    """

    __tablename__ = "prize_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("contest_round.id", ondelete="CASCADE"))
    # "round:<id>" or "contest:<id>": one prize list per scope.
    scope_key: Mapped[str] = mapped_column(String(40), unique=True)
    one_prize_per_person: Mapped[bool] = mapped_column(default=True)
    status: Mapped[PrizeStatus] = mapped_column(
        enum_column(PrizeStatus, "prize_status"), default=PrizeStatus.DRAFT
    )
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 of the canonical CSV of the current proposal; approvals are given to this content.
    proposal_sha256: Mapped[str | None] = mapped_column(String(64))
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tiers: Mapped[list[PrizeTier]] = relationship(
        order_by="PrizeTier.position", cascade="all, delete-orphan", passive_deletes=True
    )
    awards: Mapped[list[PrizeAward]] = relationship(
        order_by="PrizeAward.position", cascade="all, delete-orphan", passive_deletes=True
    )
    exclusions: Mapped[list[PrizeExclusion]] = relationship(
        order_by="PrizeExclusion.id", cascade="all, delete-orphan", passive_deletes=True
    )
    approvals: Mapped[list[PrizeApproval]] = relationship(
        order_by="PrizeApproval.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class PrizeTier(db.Model):
    """A tier ("giải nhất", 1 prize), for everyone or for one participant group."""

    __tablename__ = "prize_tier"
    __table_args__ = (CheckConstraint("count > 0", name="count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(
        ForeignKey("prize_result.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    count: Mapped[int]
    group_id: Mapped[int | None] = mapped_column(ForeignKey("participant_group.id"))


class PrizeAward(db.Model):
    """A proposed (then locked) line of the prize list, with the ranking figures it rests on.

    tier_id is empty for a candidate tied with the last prize winner but left outside the
    tier: such a line exists only in a draft, for the judges to decide.
    """

    __tablename__ = "prize_award"
    __table_args__ = (UniqueConstraint("result_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("prize_result.id", ondelete="CASCADE"))
    tier_id: Mapped[int | None] = mapped_column(ForeignKey("prize_tier.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("participant_group.id"))
    position: Mapped[int]
    rank: Mapped[int]
    score: Mapped[float | None]
    duration_ms: Mapped[int | None]
    prediction_error: Mapped[int | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    boundary_tie: Mapped[bool] = mapped_column(default=False)
    # Who the winner was when the list was drawn up: a locked list never changes with a profile.
    full_name: Mapped[str] = mapped_column(String(120))
    id_number: Mapped[str | None] = mapped_column(String(12))
    unit: Mapped[str | None] = mapped_column(String(200))
    locality: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()
    tier: Mapped[PrizeTier | None] = relationship()


class PrizeExclusion(db.Model):
    """A judge's decision to leave a candidate out of a prize list, with the written reason."""

    __tablename__ = "prize_exclusion"
    __table_args__ = (UniqueConstraint("result_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("prize_result.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    judge_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    judge: Mapped[User] = relationship(foreign_keys=[judge_id])


class PrizeApproval(db.Model):
    """One judge's approval of one exact proposal (its SHA-256); two different judges lock it."""

    __tablename__ = "prize_approval"
    __table_args__ = (UniqueConstraint("result_id", "judge_id", "proposal_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("prize_result.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposal_sha256: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    judge: Mapped[User] = relationship()


class PrizeUnlock(db.Model):
    """A judge's request to reopen a locked list, and a second judge's approval of it.

    It names the lock it lifts (its time and checksum): the database lets a locked list be
    cleared only by an approved unlock of exactly that lock.
    """

    __tablename__ = "prize_unlock"
    __table_args__ = (
        CheckConstraint(
            "approved_by_id IS NULL OR approved_by_id <> requested_by_id", name="two_judges"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(
        ForeignKey("prize_result.id", ondelete="CASCADE"), index=True
    )
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
