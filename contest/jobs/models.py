"""Background export jobs, written by the worker and downloaded later."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportJob(db.Model):
    """A large export written in the background by `flask --app wsgi jobs run`."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_round.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    fmt: Mapped[str] = mapped_column(String(8))
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus, "job_status"), default=JobStatus.QUEUED, index=True
    )
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    path: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User | None] = relationship()


class OperationKind(StrEnum):
    IMPORT = "import"
    REGRADE = "regrade"
    RANKING = "ranking"


class Operation(db.Model):
    """A long operation started from a page (import, regrade, ranking rebuild), run by the
    worker; `done` of `total` in its current `phase` is written as it goes, for its page."""

    __tablename__ = "operation"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OperationKind] = mapped_column(enum_column(OperationKind, "operation_kind"))
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), index=True
    )
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus, "operation_status"), default=JobStatus.QUEUED, index=True
    )
    phase: Mapped[str] = mapped_column(String(30), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class ScheduledRun(db.Model):
    """One run of a scheduled task for one time slot: the node that inserts the row runs it.

    The primary key is the claim: every node's scheduler fires at the same slot, and only the
    first insert succeeds, so each scheduled task runs once however many workers run.
    """

    __tablename__ = "scheduled_run"

    task: Mapped[str] = mapped_column(String(40), primary_key=True)
    slot: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    node: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(200))
