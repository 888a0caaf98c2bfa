"""A round's live dashboard: set-based aggregates over its attempts, a handful of queries in all."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from contest.accounts.models import Organization, User
from contest.attempts.closing import finalize_round
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.extensions import db
from contest.rounds.models import Round

HOURS = 48
MAX_BUCKETS = 20


@dataclass
class Participation:
    """One unit's or locality's line: candidates and attempts, and the share of its headcount."""

    name: str | None
    candidates: int
    attempts: int
    headcount: int | None

    @property
    def rate(self) -> float | None:
        return self.candidates / self.headcount if self.headcount else None


@dataclass
class Dashboard:
    in_progress: int = 0
    submitted: int = 0
    expired: int = 0
    candidates: int = 0
    average_score: float | None = None
    max_score: float | None = None
    histogram: list[tuple[float, float, int]] = field(default_factory=list)
    by_unit: list[Participation] = field(default_factory=list)
    by_locality: list[Participation] = field(default_factory=list)
    per_hour: list[tuple[datetime, int]] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return self.in_progress + self.submitted + self.expired


def _is_final(now: datetime):
    """Submitted, expired, or in progress past its deadline (final even before the sweeper runs)."""
    return (Attempt.status != AttemptStatus.IN_PROGRESS) | (Attempt.deadline <= now)


def status_counts(round_id: int, now: datetime, board: Dashboard) -> None:
    """Counts by (effective) status, average score of final attempts, best possible score."""
    overdue = and_(Attempt.status == AttemptStatus.IN_PROGRESS, Attempt.deadline <= now)
    row = db.session.execute(
        select(
            func.count(case((and_(Attempt.status == AttemptStatus.IN_PROGRESS, ~overdue), 1))),
            func.count(case((Attempt.status == AttemptStatus.SUBMITTED, 1))),
            func.count(case((Attempt.status == AttemptStatus.EXPIRED, 1), (overdue, 1))),
            func.avg(case((_is_final(now), Attempt.score))),
            func.max(Attempt.max_score),
        ).where(Attempt.round_id == round_id)
    ).one()
    board.in_progress, board.submitted, board.expired = row[:3]
    board.average_score = float(row[3]) if row[3] is not None else None
    board.max_score = float(row[4]) if row[4] is not None else None


def bucket_width(max_score: float | None) -> float:
    """Whole points per bar, at most MAX_BUCKETS bars."""
    if not max_score or max_score <= MAX_BUCKETS:
        return 1.0
    return float(math.ceil(max_score / MAX_BUCKETS))


def histogram(round_id: int, now: datetime, width: float) -> list[tuple[float, float, int]]:
    """[(from, to, attempts)] over scored final attempts, bars `width` wide, empty bars kept."""
    bucket = cast(Attempt.score / literal(width), Integer)
    rows = db.session.execute(
        select(bucket, func.count())
        .where(Attempt.round_id == round_id, Attempt.score.is_not(None), _is_final(now))
        .group_by(bucket)
    ).all()
    counts = {int(b): n for b, n in rows}
    if not counts:
        return []
    return [(b * width, (b + 1) * width, counts.get(b, 0)) for b in range(max(counts) + 1)]


def participation(round_id: int, column) -> list[Participation]:
    """Candidates and attempts per organization (unit or locality); None = not declared.

    Attempts are first counted per candidate (read from the (round_id, user_id, number) unique
    index), so the join to users and organizations works on candidates, not attempts."""
    per_user = (
        select(Attempt.user_id, func.count().label("attempts"))
        .where(Attempt.round_id == round_id)
        .group_by(Attempt.user_id)
        .subquery()
    )
    org = aliased(Organization)
    candidates = func.count()
    rows = db.session.execute(
        select(org.name, candidates, func.sum(per_user.c.attempts), org.headcount)
        .select_from(per_user)
        .join(User, User.id == per_user.c.user_id)
        .outerjoin(org, org.id == column)
        .group_by(org.id, org.name, org.headcount)
        .order_by(candidates.desc(), org.name.is_(None), org.name)
    ).all()
    return [Participation(name, n, int(total), headcount) for name, n, total, headcount in rows]


def _hour(column):
    """The (UTC) hour an instant falls in: a timestamp on PostgreSQL, 'YYYY-MM-DD HH' on SQLite."""
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("hour", column)
    return func.strftime("%Y-%m-%d %H", column)


def per_hour(round_id: int, now: datetime) -> list[tuple[datetime, int]]:
    """Attempts started in each of the last 48 hours (UTC hour starts), quiet hours included."""
    end = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(hours=HOURS)
    hour = _hour(Attempt.started_at)
    rows = db.session.execute(
        select(hour, func.count())
        .where(Attempt.round_id == round_id, Attempt.started_at >= start)
        .group_by(hour)
    ).all()
    counts = {_hour_key(hour): n for hour, n in rows}
    hours = [start + timedelta(hours=i) for i in range(HOURS)]
    return [(h, counts.get(h.strftime("%Y-%m-%d %H"), 0)) for h in hours]


def _hour_key(value) -> str:
    return value.strftime("%Y-%m-%d %H") if isinstance(value, datetime) else str(value)


def round_dashboard(round: Round, now: datetime) -> Dashboard:
    """Everything the live dashboard shows, in five aggregate queries."""
    finalize_round(round, now)
    board = Dashboard()
    status_counts(round.id, now, board)
    if not board.attempts:
        return board
    board.histogram = histogram(round.id, now, bucket_width(board.max_score))
    board.by_unit = participation(round.id, User.unit_id)
    board.by_locality = participation(round.id, User.locality_id)
    # Every candidate has exactly one unit line (possibly "not declared").
    board.candidates = sum(line.candidates for line in board.by_unit)
    board.per_hour = per_hour(round.id, now)
    return board
