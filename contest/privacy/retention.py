"""Retention: candidates are anonymised once the contests they took part in are long settled.

A contest is settled when all its rounds have closed and a prize list of it was locked; its
candidates' personal data is kept PRIVACY_RETENTION_DAYS after the last such lock (to verify
and hand out prizes, to answer complaints), then erased. A candidate who also takes part in a
contest not yet settled, or settled more recently, is kept until that one is due too. Pending
erasure requests are carried out as soon as nothing holds them. Sessions that ended long ago
are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, union

from contest.accounts.models import User, UserSession
from contest.attempts.models import Attempt
from contest.core import audit
from contest.core.access import Role
from contest.core.extensions import db
from contest.privacy.erasure import blockers, erase
from contest.privacy.models import DeletionRequest, DeletionStatus
from contest.prizes.models import PrizeResult
from contest.rounds.models import Participation, Round


@dataclass
class RetentionReport:
    anonymised: list[int] = field(default_factory=list)
    requests_done: list[int] = field(default_factory=list)
    sessions_deleted: int = 0


def _cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _settled_contests(now: datetime, cutoff: datetime):
    """Contests whose rounds have all closed and whose last prize-list lock is before cutoff."""
    last_lock = (
        select(PrizeResult.contest_id)
        .where(PrizeResult.locked_at.is_not(None))
        .group_by(PrizeResult.contest_id)
        .having(func.max(PrizeResult.locked_at) < cutoff)
    )
    still_open = select(Round.contest_id).where(Round.closes_at > now)
    return last_lock.where(PrizeResult.contest_id.not_in(still_open))


def _taken_part():
    """(user, contest) for every participation and every attempt."""
    return union(
        select(Participation.user_id, Participation.contest_id),
        select(Attempt.user_id, Round.contest_id).join(Round, Round.id == Attempt.round_id),
    ).subquery()


def due_candidates(now: datetime, days: int) -> list[int]:
    """Candidates, not yet anonymised, whose every contest was settled more than `days` ago."""
    taken = _taken_part()
    settled = _settled_contests(now, _cutoff(now, days))
    unsettled_users = select(taken.c.user_id).where(taken.c.contest_id.not_in(settled))
    return list(
        db.session.scalars(
            select(User.id)
            .where(
                User.role == Role.CANDIDATE,
                User.anonymised_at.is_(None),
                User.id.in_(select(taken.c.user_id)),
                User.id.not_in(unsettled_users),
            )
            .order_by(User.id)
        )
    )


def _requests_now_allowed(now: datetime, days: int) -> list[DeletionRequest]:
    cutoff = _cutoff(now, days)
    pending = db.session.scalars(
        select(DeletionRequest).where(DeletionRequest.status == DeletionStatus.PENDING)
    )
    return [r for r in pending if not blockers(r.user, now, locked_before=cutoff)]


def run_retention(now: datetime, days: int, *, dry_run: bool = False) -> RetentionReport:
    """Anonymise what is due and delete sessions ended `days` ago; audited (one entry)."""
    report = RetentionReport()
    requests = _requests_now_allowed(now, days)
    report.requests_done = sorted({r.user_id for r in requests})
    due = set(due_candidates(now, days)) - set(report.requests_done)
    report.anonymised = sorted(due)
    old_sessions = or_(
        UserSession.ended_at < _cutoff(now, days),
        UserSession.last_seen_at < _cutoff(now, days),
    )
    report.sessions_deleted = db.session.scalar(
        select(func.count()).select_from(UserSession).where(old_sessions)
    )
    if dry_run:
        return report
    for request in requests:
        request.status, request.done_at = DeletionStatus.DONE, now
    db.session.flush()
    erase(report.requests_done + report.anonymised, now)
    db.session.execute(delete(UserSession).where(old_sessions))
    audit.record(
        "privacy.retention",
        "user",
        None,
        after={
            "days": days,
            "anonymised": len(report.anonymised),
            "requests_done": report.requests_done,
            "sessions_deleted": report.sessions_deleted,
        },
    )
    return report
