"""A candidate's own attempts: one by id (anyone else's is "not found"), and all of them.

Reading an attempt brings it up to date first: one whose time ran out is scored and closed
before it is shown, whoever asks.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from contest.accounts.models import User
from contest.attempts.marking.grading import finalize_overdue
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.clock import utcnow
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.rounds.models import Round


def get_own_attempt(attempt_id: int, user: User, *, lock: bool = False) -> Attempt:
    """The user's own attempt (locked for update when asked); anyone else's is "not found".

    Locked, it comes with its round in the same statement; only the attempt's row is locked, so
    the candidates of one round never wait for each other.
    """
    query = _locked_attempt() if lock else _attempt()
    attempt = db.session.scalar(query, {"attempt_id": attempt_id, "user_id": user.id})
    if attempt is None:
        raise NotFound()
    return attempt


# Built once (on first use, once the models are mapped): every save and submission runs them,
# and building a statement costs more than running it on SQLite, inside the write lock.
@cache
def _attempt() -> Select:
    return select(Attempt).where(
        Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id")
    )


@cache
def _locked_attempt() -> Select:
    return (
        _attempt()
        .options(joinedload(Attempt.round, innerjoin=True))
        .with_for_update(of=Attempt)
        .execution_options(populate_existing=True)
    )


def lock_own_attempt(attempt_id: int, user: User, now: datetime) -> tuple[Attempt, datetime]:
    """The user's own attempt, its row locked, and the time to act at: read once the lock is held.

    A save or a submission that waited for the lock behind another is timed after it, so no
    save acknowledged after a submission (or past the deadline) can carry an earlier time.
    """
    attempt = get_own_attempt(attempt_id, user, lock=True)
    return attempt, max(now, utcnow())


class AttemptClock(NamedTuple):
    """What a save must know of its attempt, read as a row with the attempt's row locked.

    A save runs on every answer, and loading the attempt and its round as objects took most of
    its time; the save needs only these. `id` and `seed` name its paper (`paper.paper`).
    """

    id: int
    seed: int
    status: AttemptStatus
    deadline: datetime
    closes_at: datetime  # the round's: a round closed early brings every deadline forward

    @property
    def is_final(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS


@cache
def _locked_clock() -> Select:
    """Of the tables, not the mapped classes: run on the session's connection, a statement of
    mapped classes still costs the ORM's result handling (a third of the time on SQLite)."""
    attempt, round_ = Attempt.__table__, Round.__table__
    return (
        select(
            attempt.c.id, attempt.c.seed, attempt.c.status, attempt.c.deadline, round_.c.closes_at
        )
        .join(round_, round_.c.id == attempt.c.round_id)
        .where(attempt.c.id == bindparam("attempt_id"), attempt.c.user_id == bindparam("user_id"))
        .with_for_update(of=attempt)
    )


def lock_own_attempt_clock(
    attempt_id: int, user: User, now: datetime
) -> tuple[AttemptClock, datetime]:
    """`lock_own_attempt` for a save: the same lock and time, the attempt as a row."""
    row = db.session.connection().execute(
        _locked_clock(), {"attempt_id": attempt_id, "user_id": user.id}
    )
    found = row.first()
    if found is None:
        raise NotFound()
    return AttemptClock(*found), max(now, utcnow())


def load_own_attempt(attempt_id: int, user: User, now: datetime) -> Attempt:
    """The user's own attempt as it stands now: scored and closed first if its time is up."""
    attempt = get_own_attempt(attempt_id, user)
    finalize_overdue([attempt], now)
    return attempt


def user_attempts(user: User, now: datetime) -> list[Attempt]:
    """All the user's attempts, newest first, expiring those whose time is up."""
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user.id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .options(selectinload(Attempt.round).selectinload(Round.contest))
    ).all()
    finalize_overdue(attempts, now)
    return attempts
