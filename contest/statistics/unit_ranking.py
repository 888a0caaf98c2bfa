"""Collective ranking ("giải tập thể"): units or localities by participants, attempts, average
score, prize winners or participation rate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, cast, func, select

from contest.accounts.models import Organization, OrganizationKind, User
from contest.attempts.closing import finalize_round
from contest.attempts.models import Attempt
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.prizes.models import PrizeAward, PrizeResult
from contest.ranking.order import FINAL_STATUSES, counted_rows
from contest.rounds.models import Contest, Round

UNIT_ORDERS = ("participants", "attempts", "average_score", "winners", "participation_rate")


@dataclass(frozen=True)
class UnitLine:
    rank: int
    organization_id: int
    name: str
    kind: str
    headcount: int | None
    participants: int
    attempts: int
    average_score: float | None
    winners: int
    participation_rate: float | None


def unit_ranking(
    contest: Contest, round: Round | None, kind: str = "unit", order: str = "participants"
) -> list[UnitLine]:
    """Units (or localities) ranked by participants, attempts, average score, winners or rate."""
    if order not in UNIT_ORDERS:
        order = "participants"
    org_column = User.unit_id if kind == "unit" else User.locality_id
    rounds = [round] if round is not None else list(contest.rounds)
    if not rounds:
        return []
    now = utcnow()
    for each in rounds:
        finalize_round(each, now)
    parts = [counted_rows(r) for r in rounds]
    counted = (parts[0].union_all(*parts[1:]) if len(parts) > 1 else parts[0]).subquery("counted")
    people = (
        select(
            org_column.label("org_id"),
            func.count(counted.c.user_id.distinct()).label("participants"),
            func.avg(counted.c.score).label("average_score"),
        )
        .select_from(counted)
        .join(User, User.id == counted.c.user_id)
        .group_by(org_column)
        .subquery("people")
    )
    tries = (
        select(org_column.label("org_id"), func.count().label("attempts"))
        .select_from(Attempt)
        .join(User, User.id == Attempt.user_id)
        .where(
            Attempt.round_id.in_([r.id for r in rounds]),
            Attempt.status.in_(FINAL_STATUSES),
        )
        .group_by(org_column)
        .subquery("tries")
    )
    scope = (
        PrizeResult.round_id == round.id
        if round is not None
        else PrizeResult.contest_id == contest.id
    )
    won = (
        select(
            org_column.label("org_id"), func.count(PrizeAward.user_id.distinct()).label("winners")
        )
        .select_from(PrizeAward)
        .join(User, User.id == PrizeAward.user_id)
        .join(PrizeResult, PrizeResult.id == PrizeAward.result_id)
        .where(scope, PrizeAward.tier_id.is_not(None))
        .group_by(org_column)
        .subquery("won")
    )
    participants = func.coalesce(people.c.participants, 0)
    rate = cast(participants, Float) * 100 / func.nullif(Organization.headcount, 0)
    figures = {
        "participants": participants,
        "attempts": func.coalesce(tries.c.attempts, 0),
        "average_score": people.c.average_score,
        "winners": func.coalesce(won.c.winners, 0),
        "participation_rate": rate,
    }
    ranked = (
        select(
            func.rank().over(order_by=figures[order].desc().nulls_last()).label("rank"),
            Organization.id.label("organization_id"),
            Organization.name,
            Organization.kind,
            Organization.headcount,
            *(value.label(name) for name, value in figures.items()),
        )
        .outerjoin(people, people.c.org_id == Organization.id)
        .outerjoin(tries, tries.c.org_id == Organization.id)
        .outerjoin(won, won.c.org_id == Organization.id)
        .where(Organization.kind == OrganizationKind(kind))
        .order_by(figures[order].desc().nulls_last(), Organization.position, Organization.name)
    )
    return [
        UnitLine(**{**row._mapping, "kind": OrganizationKind(row.kind).value})
        for row in db.session.execute(ranked)
    ]
