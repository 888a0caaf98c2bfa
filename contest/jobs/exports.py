"""Round exports: the table behind each kind, and background jobs for the large ones.

A small export streams straight into the HTTP response. A large one (say the million-row
attempts list) is queued as an ExportJob and written by the worker, `flask --app wsgi jobs
run`: a separate process at low CPU priority (nice 10) that reads the data in chunks with a
streaming cursor and records its progress on its own connection, so quiz requests keep their
workers and their database locks. The file lands in EXPORT_DIR (instance/exports).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from contest.accounts.models import User
from contest.attempts.models import Attempt
from contest.core import export_writer
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.jobs import tables
from contest.jobs.models import ExportJob, JobStatus
from contest.prizes.prize_list import prize_names
from contest.ranking.candidates import with_identity
from contest.ranking.models import Board
from contest.ranking.snapshot import current_snapshot
from contest.ranking.standings import iter_standings
from contest.rounds.models import Round
from contest.statistics.item_analysis import item_analysis
from contest.statistics.unit_ranking import unit_ranking

KINDS = ("leaderboard", "attempts", "items", "units", "localities")
LIST_NAMES = {
    "leaderboard": "Bảng xếp hạng",
    "attempts": "Danh sách bài thi",
    "items": "Phân tích câu hỏi",
    "units": "Xếp hạng tập thể (cơ quan, đơn vị)",
    "localities": "Xếp hạng tập thể (địa phương)",
}


def check_export(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise InvalidInput.for_fields({"kind": str(_l("Loại dữ liệu xuất không hợp lệ."))})
    if fmt not in export_writer.FORMATS:
        raise InvalidInput.for_fields({"format": str(_l("Định dạng phải là xlsx hoặc csv."))})


def round_export(
    round: Round,
    kind: str,
    exported_by: str,
    now: datetime | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> export_writer.Table:
    """The table of one export kind of a round, rows streamed from the database."""
    check_export(kind, "csv")
    now = now or utcnow()
    title = export_writer.title_block(
        round.contest.title, round.name, LIST_NAMES[kind], now, exported_by, extra or []
    )
    if kind == "leaderboard":
        current_snapshot(round, Board.LIVE, now)
        rows = tables.leaderboard_rows(iter_standings(round, Board.LIVE), prize_names(round))
        return export_writer.Table(
            title,
            tables.LEADERBOARD_HEADERS,
            rows,
            "Xếp hạng",
            [7, 9, 26, 14, 12, 24, 24, 8, 12, 12, 9, 9, 24, 18],
        )
    if kind == "attempts":
        return export_writer.Table(
            title,
            tables.ATTEMPT_HEADERS,
            tables.attempt_rows(iter_attempts(round)),
            "Bài thi",
            [10, 7, 26, 14, 24, 24, 10, 24, 24, 8, 8, 8, 12, 9, 16],
        )
    if kind == "items":
        items = item_analysis(round)
        count = _option_columns(items)
        return export_writer.Table(
            title,
            tables.item_headers(count),
            tables.item_rows(items, count),
            "Câu hỏi",
            [10, 18, 9, 60, 9, 9, 12, 12, 9] + [8] * (count + 1),
        )
    kind_name = "unit" if kind == "units" else "locality"
    lines = unit_ranking(round.contest, round, kind_name)
    return export_writer.Table(
        title,
        tables.UNIT_HEADERS,
        tables.unit_rows(lines),
        "Tập thể",
        [7, 36, 16, 12, 12, 12, 12, 12, 12],
    )


def _option_columns(items) -> int:
    """Enough "Chọn A…" columns for the widest question shown (at least A–D)."""
    letters = [label for i in items for label in (*i.option_counts, *i.key.split(",")) if label]
    return max([4, *(ord(label) - ord("A") + 1 for label in letters if "A" <= label <= "Z")])


def iter_attempts(round: Round, chunk: int = 5000):
    """Every attempt of the round (any status) with who sat it, streamed."""
    attempts = select(
        Attempt.id,
        Attempt.number,
        Attempt.status,
        Attempt.started_at,
        Attempt.submitted_at,
        Attempt.score,
        Attempt.max_score,
        Attempt.correct_count,
        Attempt.duration_ms,
        Attempt.prediction,
        Attempt.ip,
    )
    query = (
        with_identity(attempts, Attempt.user_id)
        .where(Attempt.round_id == round.id)
        .order_by(Attempt.id)
    )
    yield from db.session.execute(query.execution_options(yield_per=chunk, stream_results=True))


# --- background jobs ------------------------------------------------------------------------


def export_dir() -> Path:
    path = Path(current_app.config.get("EXPORT_DIR") or Path(current_app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def job_file(job: ExportJob) -> Path:
    if job.status != JobStatus.DONE or not job.path:
        raise Conflict(_l("Tệp chưa sẵn sàng."), code="job_not_done")
    return Path(job.path)


def claim_next() -> ExportJob | None:
    """Take the oldest queued job (SKIP LOCKED: several workers never take the same one)."""
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
        db.session.commit()
    return job


def run_job(job: ExportJob) -> ExportJob:
    """Write the job's file; progress goes through a separate connection as rows are written."""
    round = db.session.get(Round, job.round_id)
    requester = job.requested_by.full_name if job.requested_by else "—"
    try:
        check_export(job.kind, job.fmt)
        job.total = _row_count(round, job.kind)
        table = round_export(round, job.kind, requester)
        db.session.commit()  # the snapshot rebuild, if any, before the long read
        path = export_dir() / f"export-{job.id}-{job.kind}.{job.fmt}"
        with open(path, "wb") as out:
            export_writer.write(table, job.fmt, out, _progress(job.id))
        job.status, job.path, job.progress = JobStatus.DONE, str(path), job.total or 0
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the job for the user
        db.session.rollback()
        job.status, job.error = JobStatus.FAILED, f"{type(error).__name__}: {error}"
        current_app.logger.exception("export job %s failed", job.id)
    job.finished_at = utcnow()
    db.session.commit()
    return job


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


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs one after the other; the number run."""
    done = 0
    while limit is None or done < limit:
        job = claim_next()
        if job is None:
            break
        run_job(job)
        done += 1
    return done


def lower_priority() -> None:
    """Let quiz traffic have the CPU first (POSIX nice; a no-op where unsupported)."""
    if hasattr(os, "nice"):
        os.nice(10)
