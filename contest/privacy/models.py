"""Requests to erase one's personal data that could not be carried out at once."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db


class DeletionStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


class DeletionRequest(db.Model):
    """A candidate asked for erasure; pending while a locked prize list or an open round holds
    their data, carried out by the retention command once neither does."""

    __tablename__ = "deletion_request"
    __table_args__ = (
        Index(
            "uq_deletion_request_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[DeletionStatus] = mapped_column(
        enum_column(DeletionStatus, "deletion_status"), default=DeletionStatus.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
