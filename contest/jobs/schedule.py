"""The scheduled tasks of the background worker, and the claim that makes each run once.

Every node's worker runs the same schedule (contest.jobs.scheduler). A task marked `once`
claims its time slot first: the row (task, slot) in scheduled_run is inserted by exactly one
node (its primary key), so "finalize every minute" happens once a minute however many workers
run, on SQLite or PostgreSQL, with no extra service. Export jobs and long operations need no
claim: each worker takes a different queued one (claim_next), so several share the queue.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from contest.attempts.marking.grading import finalize_expired
from contest.core.clock import utcnow
from contest.core.database.transaction import unit_of_work
from contest.core.extensions import db
from contest.core.i18n import display_zone, local_to_utc
from contest.jobs import operations, worker
from contest.jobs.models import ScheduledRun
from contest.privacy.retention import run_retention
from questions.imports import uploads

KEEP_RUNS = timedelta(days=7)


@dataclass(frozen=True)
class Task:
    """A scheduled task: every `seconds`, or daily at `daily` (local time); `once` claims."""

    name: str
    run: Callable[[datetime], str]
    seconds: int | None = None
    daily: time | None = None
    once: bool = True


def _finalize(now: datetime) -> str:
    with unit_of_work():
        count = finalize_expired(now)
    return f"finalized {count}"


def _boards(now: datetime) -> str:
    return f"refreshed {worker.refresh_open_rounds(now)}"


def _exports(now: datetime) -> str:
    return f"exported {worker.run_pending()}"


def _operations(now: datetime) -> str:
    return f"ran {operations.run_pending()}"


def _retention(now: datetime) -> str:
    days = current_app.config["PRIVACY_RETENTION_DAYS"]
    with unit_of_work():
        report = run_retention(now, days)
        db.session.execute(delete(ScheduledRun).where(ScheduledRun.started_at < now - KEEP_RUNS))
    return f"anonymised {len(report.anonymised)}"


def _uploads(now: datetime) -> str:
    with unit_of_work():
        count = uploads.sweep()
    return f"swept {count}"


def tasks(config) -> list[Task]:
    """The schedule; intervals come from the configuration (WORKER_* settings)."""
    return [
        Task("finalize", _finalize, seconds=config["WORKER_FINALIZE_SECONDS"]),
        Task("boards", _boards, seconds=config["WORKER_BOARDS_SECONDS"]),
        Task("exports", _exports, seconds=config["WORKER_EXPORTS_SECONDS"], once=False),
        Task("operations", _operations, seconds=config["WORKER_EXPORTS_SECONDS"], once=False),
        Task("retention", _retention, daily=time(3, 0)),
        # Upload previews not imported within a day (also swept whenever a file arrives).
        Task("uploads", _uploads, seconds=3600),
    ]


def slot_of(task: Task, now: datetime) -> datetime:
    """The time slot `now` falls in: the interval's start, or today's (local) run time."""
    if task.daily is not None:
        local = now.astimezone(display_zone())
        at = local_to_utc(datetime.combine(local.date(), task.daily))
        return at if at <= now else at - timedelta(days=1)
    step = task.seconds or 60
    epoch = now.timestamp()
    return datetime.fromtimestamp(epoch - epoch % step, tz=now.tzinfo)


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim(task: Task, slot: datetime, node: str) -> ScheduledRun | None:
    """Insert the (task, slot) row, committed at once; None when another node has it."""
    run = ScheduledRun(task=task.name, slot=slot, node=node, started_at=utcnow())
    try:
        with unit_of_work():
            db.session.add(run)
            db.session.flush()  # here, so that a refusal rolls back inside the unit of work
    except IntegrityError:
        return None
    return run


def run_task(task: Task, now: datetime | None = None, node: str | None = None) -> str | None:
    """Run one task for the slot `now` falls in; None when another node claimed it."""
    now = now or utcnow()
    run = claim(task, slot_of(task, now), node or node_name()) if task.once else None
    if task.once and run is None:
        return None
    try:
        outcome = task.run(now)
    except Exception as error:
        outcome = f"failed: {type(error).__name__}: {error}"
        current_app.logger.exception("scheduled task %s failed", task.name)
    if run is not None:
        with unit_of_work():
            run = db.session.merge(run)
            run.finished_at, run.outcome = utcnow(), outcome[:200]
    return outcome
