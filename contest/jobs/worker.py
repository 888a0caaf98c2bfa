"""Background work: export jobs queued by the judges, and the rankings of open rounds.

A request queues a job (enqueue) and later reads it (get_job, job_file); like every service
these only flush, and the request commits. The worker, `flask --app wsgi jobs run`, is a
separate process at low CPU priority (nice 10) that streams the rows in chunks, so quiz
requests keep their workers and their database locks. Its own work is committed in steps, each
an explicit unit of work, because each is a point other processes wait for:

- claiming a job: no other worker takes it;
- the rank snapshot a job reads, rebuilt before the long read of the rows;
- the job's outcome (its progress goes through a separate connection as rows are written);
- each board of an open round: its readers wait for the commit that follows the rebuild, and
  should not wait for the other rounds' rebuilds too.

Files are kept in the storage every node shares (contest.core.storage), as
exports/export-<job>-<kind>.<format>: the web node that serves the download need not be the
worker's. The file is stored in the step that records the outcome, so a job is never done
without its file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from contest.accounts.models import User
from contest.attempts.models import Attempt
from contest.core import export_writer
from contest.core.clock import utcnow
from contest.core.database.transaction import unit_of_work
from contest.core.errors import Conflict, NotFound
from contest.core.extensions import db
from contest.core.storage import FileTooLarge, storage
from contest.jobs.exports import check_export, round_export
from contest.jobs.models import ExportJob, JobStatus
from contest.ranking.models import Board
from contest.ranking.snapshots.build import current_snapshot, rebuild_snapshot, unsettled_boards
from contest.rounds.models import Round

# --- what requests do -------------------------------------------------------------------------


def enqueue(round: Round, kind: str, fmt: str, actor: User | None) -> ExportJob:
    """Queue an export for the worker."""
    check_export(kind, fmt)
    job = ExportJob(
        round_id=round.id, kind=kind, fmt=fmt, requested_by_id=actor.id if actor else None
    )
    db.session.add(job)
    db.session.flush()
    return job


def get_job(job_id: int) -> ExportJob:
    job = db.session.get(ExportJob, job_id)
    if job is None:
        raise NotFound()
    return job


def job_file(job: ExportJob) -> tuple[BinaryIO, str]:
    """The finished job's file, opened, and its name (NotFound once it has been removed)."""
    if job.status != JobStatus.DONE or not job.path:
        raise Conflict(_l("Tệp chưa sẵn sàng."), code="job_not_done")
    stream = storage().open(job.path)
    if stream is None:
        raise NotFound()
    return stream, job.path.rsplit("/", 1)[-1]


# --- what the worker does ---------------------------------------------------------------------


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs one after the other; the number run."""
    done = 0
    while limit is None or done < limit:
        with unit_of_work():  # the claim is visible at once: no other worker takes the job
            job = claim_next()
        if job is None:
            break
        run_job(job)
        done += 1
    return done


def claim_next() -> ExportJob | None:
    """Mark the oldest queued job running (SKIP LOCKED: several workers never take the same)."""
    query = (
        select(ExportJob)
        .where(ExportJob.status == JobStatus.QUEUED)
        .order_by(ExportJob.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    job = db.session.scalar(query)
    if job is not None:
        job.status, job.started_at = JobStatus.RUNNING, utcnow()
    return job


def run_job(job: ExportJob) -> ExportJob:
    """Write a claimed job's file, then record how it went (a failure is kept on the job)."""
    job_id = job.id
    try:
        with unit_of_work():  # the snapshot rebuild, if any, is committed before the long read
            table = _table(job)
        spool = _write(job, table)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the job for the user
        current_app.logger.exception("export job %s failed", job_id)
        outcome = {"status": JobStatus.FAILED, "error": f"{type(error).__name__}: {error}"}
    else:
        outcome = {"status": JobStatus.DONE, "path": export_key(job)}
    db.session.rollback()  # end the long read: it wrote nothing (progress has its own connection)
    with unit_of_work():
        if outcome["status"] == JobStatus.DONE:
            outcome = _keep(spool, outcome)
        for name, value in outcome.items():
            setattr(job, name, value)
        if job.status == JobStatus.DONE:
            job.progress = job.total or 0
        job.finished_at = utcnow()
    return job


def _keep(spool: BinaryIO, outcome: dict) -> dict:
    """Store the written file; a file over the storage's cap fails the job instead."""
    with spool:
        try:
            storage().put(outcome["path"], spool)
        except FileTooLarge as error:
            return {"status": JobStatus.FAILED, "error": error.message}
    return outcome


def _table(job: ExportJob) -> export_writer.Table:
    round = db.session.get(Round, job.round_id)
    requester = job.requested_by.full_name if job.requested_by else "—"
    check_export(job.kind, job.fmt)
    job.total = _row_count(round, job.kind)
    return round_export(round, job.kind, requester)


def _write(job: ExportJob, table: export_writer.Table) -> BinaryIO:
    """The file, written to a temporary spool (in memory while small), rewound."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    try:
        export_writer.write(table, job.fmt, spool, _progress(job.id))
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def export_key(job: ExportJob) -> str:
    """Where a job's file is kept in the shared storage."""
    return f"exports/export-{job.id}-{job.kind}.{job.fmt}"


def _row_count(round: Round, kind: str) -> int | None:
    if kind == "leaderboard":
        return current_snapshot(round, Board.LIVE).row_count
    if kind == "attempts":
        return db.session.scalar(select(func.count()).where(Attempt.round_id == round.id))
    return None


def _progress(job_id: int) -> Callable[[int], None]:
    def report(rows: int) -> None:
        with db.engine.begin() as connection:
            connection.execute(
                update(ExportJob).where(ExportJob.id == job_id).values(progress=rows)
            )

    return report


def refresh_open_rounds(now: datetime | None = None) -> int:
    """Rebuild every board that is not final yet, each committed as soon as it is rebuilt."""
    now = now or utcnow()
    with unit_of_work():
        boards = [(round.id, board) for round, board in unsettled_boards(now)]
    for round_id, board in boards:
        with unit_of_work():
            rebuild_snapshot(db.session.get(Round, round_id), board, now)
    return len(boards)


def lower_priority() -> None:
    """Let quiz traffic have the CPU first (POSIX nice; a no-op where unsupported)."""
    if hasattr(os, "nice"):
        os.nice(10)
