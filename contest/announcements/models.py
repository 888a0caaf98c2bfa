"""An announcement on a contest's page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime
from contest.core.extensions import db
from contest.rounds.models import Contest


class Announcement(db.Model):
    """A notice to candidates: public from published_at unless hidden; pinned ones come first."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pinned: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contest: Mapped[Contest] = relationship()

    def is_public_at(self, now: datetime) -> bool:
        """Shown to the public at this moment (the clock is passed in)."""
        return not self.hidden and self.published_at <= now
