"""Question bank models: a question is a stable identity whose content lives in versions.

Attempts point at the version they showed, so editing a question never changes a score silently.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, false
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db

if TYPE_CHECKING:
    from contest.accounts.models import User


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    FILL_IN = "fill_in"  # điền từ: the candidate types the answer, compared with accepted ones


class Topic(db.Model):
    """A subject area (e.g. "Hiến pháp"); blueprints draw counts per topic × difficulty."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuestionImport(db.Model):
    """One uploaded file: kept with its report so it can be audited and undone."""

    __tablename__ = "question_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict] = mapped_column(db.JSON, default=dict)
    # The organizer asked to import the valid rows of a file that had errors.
    accept_partial: Mapped[bool] = mapped_column(default=False, server_default=false())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    created_by: Mapped[User | None] = relationship("User", foreign_keys=[created_by_id])
    undone_by: Mapped[User | None] = relationship("User", foreign_keys=[undone_by_id])

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class Question(db.Model):
    """Stable identity of a question; classification is denormalised here for fast drawing."""

    __tablename__ = "question"
    __table_args__ = (Index("ix_question_draw", "active", "topic_id", "difficulty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"))
    difficulty: Mapped[Difficulty] = mapped_column(enum_column(Difficulty, "difficulty"))
    qtype: Mapped[QuestionType] = mapped_column(enum_column(QuestionType, "question_type"))
    version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("question_import.id"), index=True)
    # Set (by whoever draws) the first time the question enters a round's pool; a used
    # question's import can no longer be undone.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic] = relationship(lazy="joined")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.number", cascade="all, delete-orphan"
    )
    current: Mapped[QuestionVersion] = relationship(
        primaryjoin=lambda: and_(
            Question.id == foreign(QuestionVersion.question_id),
            Question.version == foreign(QuestionVersion.number),
        ),
        viewonly=True,
        uselist=False,
    )


class QuestionVersion(db.Model):
    """Immutable content of a question as shown to candidates."""

    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    qtype: Mapped[QuestionType] = mapped_column(enum_column(QuestionType, "question_type"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"))
    difficulty: Mapped[Difficulty] = mapped_column(enum_column(Difficulty, "difficulty"))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    # Fill-in questions: the accepted answers as typed by the organizer, and whether an answer
    # typed without diacritics is accepted too. Empty / False for the other types.
    accepted_answers: Mapped[list | None] = mapped_column(db.JSON)
    ignore_diacritics: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The question's own points; None: the round's scoring decides.
    points: Mapped[float | None]
    change_note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")
    topic: Mapped[Topic] = relationship()
    created_by: Mapped[User | None] = relationship("User")
    options: Mapped[list[QuestionOption]] = relationship(
        order_by="QuestionOption.position", cascade="all, delete-orphan"
    )


def is_current_version():
    """The join condition of a question and its current version (in a select over both)."""
    return and_(
        QuestionVersion.question_id == Question.id,
        QuestionVersion.number == Question.version,
    )


class QuestionOption(db.Model):
    """One answer option of a version; its id is what candidates submit."""

    __tablename__ = "question_option"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool] = mapped_column(default=False)
    # Feedback for this option (Moodle banks carry it), kept so a Moodle export gives it back.
    feedback: Mapped[str | None] = mapped_column(Text)


class ImportMapping(db.Model):
    """How the columns of a bank with these headers are read, remembered for the next file.

    signature is the importer's header signature (SHA-256 of the folded header texts); columns
    maps each column's position from the first header column ("0", "1", …) to a mapping field,
    codes names topic and difficulty codes ({"topic": {"1": "Hiến pháp"}}).
    """

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    headers: Mapped[list] = mapped_column(db.JSON, default=list)
    columns: Mapped[dict] = mapped_column(db.JSON, default=dict)
    codes: Mapped[dict] = mapped_column(db.JSON, default=dict)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    saved_by: Mapped[User | None] = relationship("User")
