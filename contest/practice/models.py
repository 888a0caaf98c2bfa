"""Practice ("Luyện tập"): the questions organizers open to practice, sessions, and review cards.

Nothing here is an attempt: rankings, statistics, integrity and prizes read only the attempts
tables, so practice can never change them. Rows that name a question go with it (a question
whose import is undone takes its practice history along).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime
from contest.core.extensions import db
from questions.models import QuestionVersion


class PracticeQuestion(db.Model):
    """A question the organizers marked eligible for practice (the row is the mark)."""

    __tablename__ = "practice_question"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class PracticeSession(db.Model):
    """One practice run of a candidate: the topics chosen and the questions drawn."""

    __tablename__ = "practice_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    topic_ids: Mapped[list] = mapped_column(db.JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    items: Mapped[list[PracticeItem]] = relationship(
        order_by="PracticeItem.position", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def answered_count(self) -> int:
        return sum(item.answered_at is not None for item in self.items)

    @property
    def correct_count(self) -> int:
        return sum(bool(item.is_correct) for item in self.items)


class PracticeItem(db.Model):
    """A question of a session as shown (version, option order) and the one answer given."""

    __tablename__ = "practice_item"
    __table_args__ = (UniqueConstraint("session_id", "question_id"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_session.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id", ondelete="CASCADE"))
    option_order: Mapped[list] = mapped_column(db.JSON)
    chosen: Mapped[list | None] = mapped_column(db.JSON)
    is_correct: Mapped[bool | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    version: Mapped[QuestionVersion] = relationship()


class PracticeCard(db.Model):
    """A candidate's Leitner card for one question: its box and when it is due again."""

    __tablename__ = "practice_card"
    __table_args__ = (Index("ix_practice_card_due", "user_id", "due_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    box: Mapped[int] = mapped_column(default=1)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_correct: Mapped[bool]
    misses: Mapped[int] = mapped_column(default=0)
