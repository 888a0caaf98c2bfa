"""The allocation a prize list's tiers imply from the ranking, as award rows (not yet stored).

Tier groups (overall, or one participant group) are filled in tier order from the round's or
the contest's ranking; excluded candidates, and with one prize per person the winners of the
contest's other locked lists, are skipped. Candidates tied with the last winner are kept
without a tier, and a tie across a tier change is flagged (boundary_tie) for the judges.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from contest.core.extensions import db
from contest.prizes.models import PrizeAward, PrizeResult, PrizeTier
from contest.ranking.candidates import with_identity
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board
from contest.ranking.order import counted_rows, ranked_rows, tie_break
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.standings import iter_standings
from contest.rounds.models import Contest, Participation, Round


def allocate(result: PrizeResult) -> list[PrizeAward]:
    """The allocation the ranking implies now, tier group by tier group (in tier order)."""
    excluded = {e.user_id for e in result.exclusions}
    taken = _winners_elsewhere(result) if result.one_prize_per_person else set()
    awards: list[PrizeAward] = []
    position = 0
    for group_id, tiers in _tier_groups(result):
        lines = _allocate_group(result, group_id, tiers, excluded | taken)
        for award in lines:
            position += 1
            award.position = position
            taken.add(award.user_id)
        awards += lines
    return awards


def _tier_groups(result: PrizeResult) -> list[tuple[int | None, list[PrizeTier]]]:
    groups: dict[int | None, list[PrizeTier]] = {}
    for tier in result.tiers:
        groups.setdefault(tier.group_id, []).append(tier)
    return list(groups.items())


def _winners_elsewhere(result: PrizeResult) -> set[int]:
    """One prize per person per contest: winners in the contest's other locked lists."""
    query = (
        select(PrizeAward.user_id)
        .join(PrizeResult, PrizeResult.id == PrizeAward.result_id)
        .where(
            PrizeResult.contest_id == result.contest_id,
            PrizeResult.id != result.id,
            PrizeResult.locked_at.is_not(None),
            PrizeAward.tier_id.is_not(None),
        )
    )
    return set(db.session.scalars(query))


def _allocate_group(
    result: PrizeResult, group_id: int | None, tiers: list[PrizeTier], skip: set[int]
) -> list[PrizeAward]:
    # The slots are walked, never listed: a tier's count says how many, not how much memory.
    slots = (tier for tier in tiers for _ in range(tier.count))
    chosen: list[tuple[PrizeTier | None, dict]] = []
    filled = False
    for row in _ranking(result, group_id):
        if row["user_id"] in skip:
            continue
        slot = None if filled else next(slots, None)
        filled = slot is None
        if slot is not None:
            chosen.append((slot, row))
        elif chosen and row["rank"] == chosen[-1][1]["rank"]:
            chosen.append((None, row))  # tied with the last winner, outside every tier
        else:
            break
    tied_ranks = _boundary_ranks(chosen)
    return [_award(result, tier, group_id, row, row["rank"] in tied_ranks) for tier, row in chosen]


def _boundary_ranks(chosen: list[tuple[PrizeTier | None, dict]]) -> set[int]:
    """Ranks shared across a change of tier (or across the last prize): the judges decide."""
    return {
        row["rank"]
        for (tier, row), (next_tier, next_row) in zip(chosen, chosen[1:], strict=False)
        if tier is not next_tier and row["rank"] == next_row["rank"]
    }


def _award(result, tier, group_id, row, tie) -> PrizeAward:
    return PrizeAward(
        result_id=result.id,
        tier_id=tier.id if tier else None,
        user_id=row["user_id"],
        group_id=group_id,
        position=0,
        rank=row["rank"],
        score=row["score"],
        duration_ms=row["duration_ms"],
        prediction_error=row["prediction_error"],
        submitted_at=row["submitted_at"],
        boundary_tie=tie,
        full_name=row["full_name"],
        id_number=row["id_number"],
        unit=row["unit"],
        locality=row["locality"],
    )


def _ranking(result: PrizeResult, group_id: int | None) -> Iterator[dict]:
    """Ranking rows (in order) the allocation reads: the round's or the contest's, per group."""
    if result.round_id is None:
        contest = db.session.get(Contest, result.contest_id)
        rows, _ = contest_standings(contest, group_id, limit=None)
        yield from (dict(row) for row in rows)
        return
    round = db.session.get(Round, result.round_id)
    if group_id is None:
        current_snapshot(round, Board.LIVE)
        yield from (row._mapping for row in iter_standings(round, Board.LIVE, chunk=500))
        return
    yield from _group_round_ranking(round, group_id)


def _group_round_ranking(round: Round, group_id: int) -> Iterator[dict]:
    members = select(Participation.user_id).where(
        Participation.contest_id == round.contest_id, Participation.group_id == group_id
    )
    counted = counted_rows(round).subquery("counted")
    ranked = ranked_rows(
        select(counted).where(counted.c.user_id.in_(members)).subquery("members"),
        tie_break(round),
    ).subquery("group_ranking")
    query = with_identity(select(ranked), ranked.c.user_id).order_by(ranked.c.position)
    for row in db.session.execute(query):
        yield dict(row._mapping)
