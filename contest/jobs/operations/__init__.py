"""Long operations started from a page, run by the worker: queue, claim, run, record.

A page queues an operation (enqueue, which flushes; the request commits) and sends the user to
its progress page. The worker (`flask --app wsgi jobs worker`, with the exports) claims it in a
unit of work of its own, runs it in one transaction, the operation's (on SQLite a writing one
from its start, BEGIN IMMEDIATE), while its progress goes through a separate connection
(contest.jobs.operations.progress), then records the outcome.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select

from contest.accounts.models import User
from contest.attempts.models import Attempt
from contest.core.access import ORGANIZER_ROLES
from contest.core.clock import utcnow
from contest.core.database.transaction import unit_of_work
from contest.core.errors import ContestError, Forbidden, NotFound
from contest.core.extensions import db
from contest.jobs.models import JobStatus, Operation, OperationKind
from contest.jobs.operations import progress
from contest.jobs.operations import runners as operation_runners
from contest.ranking.board_access import visible_round
from contest.ranking.order import FINAL_STATUSES
from contest.rounds.models import Round


def enqueue(
    kind: OperationKind, params: dict[str, Any], actor: User | None, round: Round | None = None
) -> Operation:
    """Queue an operation for the worker."""
    operation = Operation(
        kind=kind,
        params=params,
        round_id=round.id if round else None,
        requested_by_id=actor.id if actor else None,
    )
    db.session.add(operation)
    db.session.flush()
    return operation


def visible_operation(operation_id: int, user: User) -> Operation:
    """The operation if this user may follow it: imports are the organizers' (403); a round's
    work, whoever may see the round's results (404)."""
    operation = get_operation(operation_id)
    if operation.kind == OperationKind.IMPORT and user.role not in ORGANIZER_ROLES:
        raise Forbidden()
    if operation.round_id is not None:
        visible_round(operation.round_id, user)
    return operation


def runs_in_background(round: Round) -> bool:
    """Whether a regrade or a rebuild of this round is long enough for the worker."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Attempt)
        .where(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
    )
    return count >= current_app.config["BACKGROUND_ATTEMPTS"]


def get_operation(operation_id: int) -> Operation:
    operation = db.session.get(Operation, operation_id)
    if operation is None:
        raise NotFound()
    return operation


def run_pending(limit: int | None = None) -> int:
    """Run queued operations one after the other; the number run."""
    done = 0
    while limit is None or done < limit:
        with unit_of_work():  # the claim is visible at once: no other worker takes it
            operation = claim_next()
        if operation is None:
            break
        run_operation(operation)
        done += 1
    return done


def claim_next() -> Operation | None:
    """Mark the oldest queued operation running (SKIP LOCKED: no two workers take the same)."""
    query = (
        select(Operation)
        .where(Operation.status == JobStatus.QUEUED)
        .order_by(Operation.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    operation = db.session.scalar(query)
    if operation is not None:
        operation.status, operation.started_at = JobStatus.RUNNING, utcnow()
        operation.phase = "running"
    return operation


def run_operation(operation: Operation) -> Operation:
    """Run a claimed operation in one transaction; a failure is kept on it, in words."""
    operation_id = operation.id
    db.session.rollback()  # no read before: on SQLite the operation's transaction must write
    report = progress.reporter(operation_id)
    try:
        with unit_of_work():
            operation = db.session.get(Operation, operation_id)
            result = operation_runners.RUNNERS[operation.kind](operation, report)
    except ContestError as error:
        outcome = {"status": JobStatus.FAILED, "error": str(error.message)}
    except Exception as error:  # noqa: BLE001 - any failure is recorded for the user to see
        current_app.logger.exception("operation %s failed", operation_id)
        outcome = {"status": JobStatus.FAILED, "error": f"{type(error).__name__}: {error}"}
    else:
        outcome = {"status": JobStatus.DONE, "result": result}
    with unit_of_work():
        operation = db.session.get(Operation, operation_id, populate_existing=True)
        for name, value in outcome.items():
            setattr(operation, name, value)
        if report.last is not None:
            operation.done, operation.total, _phase = report.last
        operation.phase = "done" if operation.status == JobStatus.DONE else "failed"
        if operation.status == JobStatus.DONE and operation.total is not None:
            operation.done = operation.total
        operation.finished_at = utcnow()
    return operation
