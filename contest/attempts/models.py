"""Attempts: server-timed, with the exact question versions shown and every saved answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db
from contest.rounds import results_lock
from contest.rounds.models import Round
from questions.models import QuestionVersion


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"


class Attempt(db.Model):
    """One sitting of a round by a candidate; final once submitted or past its deadline."""

    __tablename__ = "attempt"
    __table_args__ = (
        # Attempt numbers are unique per candidate and round: two simultaneous starts cannot
        # both take the same slot, so the attempt limit holds under concurrency.
        UniqueConstraint("round_id", "user_id", "number"),
        # At most one attempt in progress per candidate and round.
        Index(
            "uq_attempt_in_progress",
            "round_id",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
        Index("ix_attempt_round_status", "round_id", "status"),
        Index("ix_attempt_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_round.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    number: Mapped[int]
    status: Mapped[AttemptStatus] = mapped_column(
        enum_column(AttemptStatus, "attempt_status"), default=AttemptStatus.IN_PROGRESS
    )
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    correct_count: Mapped[int | None]
    duration_ms: Mapped[int | None]
    prediction: Mapped[int | None]
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    round: Mapped[Round] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        order_by="AttemptQuestion.position", cascade="all, delete-orphan"
    )
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")

    @property
    def is_final(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS


class AttemptQuestion(db.Model):
    """A question as drawn for one attempt: the version shown and the option order."""

    __tablename__ = "attempt_question"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    position: Mapped[int]
    option_order: Mapped[list] = mapped_column(db.JSON)

    version: Mapped[QuestionVersion] = relationship()


class Answer(db.Model):
    """The latest saved choice for one question of an attempt (empty list = cleared)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    option_ids: Mapped[list] = mapped_column(db.JSON, default=list)
    # A fill-in question's answer as typed (None: not answered or cleared).
    text: Mapped[str | None] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    save_count: Mapped[int] = mapped_column(default=1)
    # The browser's sequence number of the change (its server-corrected clock, in ms): a save
    # that arrives after a newer one (retries on a bad network) never overwrites it.
    client_seq: Mapped[int | None] = mapped_column(BigInteger)


class RoundPrediction(db.Model):
    """A candidate's prediction for a round, locked at their first submission in it."""

    __tablename__ = "round_prediction"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    value: Mapped[int]
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempt.id"))


class AttemptEventKind(StrEnum):
    START = "start"
    RESUME = "resume"
    SAVE = "save"
    LATE_SAVE = "late_save"
    SUBMIT = "submit"
    EXPIRE = "expire"


class AttemptEvent(db.Model):
    """Everything that happened to an attempt, with time, IP and browser: the judges' record.

    Late saves that were refused are kept here too (integrity report)."""

    __tablename__ = "attempt_event"
    __table_args__ = (Index("ix_attempt_event_attempt", "attempt_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    kind: Mapped[AttemptEventKind] = mapped_column(
        enum_column(AttemptEventKind, "attempt_event_kind")
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    option_ids: Mapped[list | None] = mapped_column(db.JSON)
    text: Mapped[str | None] = mapped_column(Text)  # a fill-in answer as typed
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class RegradeKey(db.Model):
    """A regrade in force: in this round, the question is scored with this version's key.

    The key is mapped onto the version each candidate was shown by option position, so every
    later rescoring of the round (another question regraded) keeps this correction.
    """

    __tablename__ = "regrade_key"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


def _round_of_attempt(session, row) -> int | None:
    if not isinstance(row, Attempt) and row.attempt_id is None:
        return None  # added to a new attempt's collection: the attempt itself is checked
    attempt = row if isinstance(row, Attempt) else session.get(Attempt, row.attempt_id)
    if attempt is None:
        return None
    return attempt.round_id or (attempt.round.id if attempt.round is not None else None)


# A locked prize list freezes the attempts and answers it rests on (contest.rounds.results_lock);
# an attempt's address and browser may still be erased (they are not what was scored).
results_lock.guard(
    Attempt, _round_of_attempt, set(Attempt.__table__.columns.keys()) - {"ip", "user_agent"}
)
results_lock.guard(Answer, _round_of_attempt)
results_lock.guard(AttemptQuestion, _round_of_attempt)
results_lock.guard(RoundPrediction, lambda _session, row: row.round_id)
results_lock.guard(RegradeKey, lambda _session, row: row.round_id)
