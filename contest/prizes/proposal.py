"""Prize lists: loading, defining the tiers, proposing from the ranking.

A proposal is the allocation stored with the SHA-256 of its canonical CSV (proposal_sha256),
the exact list the judges approve (contest.prizes.decisions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.prizes.allocation import allocate
from contest.prizes.models import PrizeAward, PrizeResult, PrizeTier
from contest.prizes.prize_list import checksum
from contest.rounds.models import Contest, Round

# A list of prizes is short: a tier holds at most MAX_PRIZES winners, a list MAX_TIERS tiers.
MAX_PRIZES = 10_000
MAX_TIERS = 50


@dataclass(frozen=True)
class TierInput:
    name: str
    count: int
    group_id: int | None = None


class ResultLocked(Conflict):
    code = "result_locked"
    default_message = _l("Danh sách giải đã được khóa, không thể thay đổi.")


# --- loading ------------------------------------------------------------------------------


def get_result(result_id: int) -> PrizeResult:
    result = db.session.get(PrizeResult, result_id)
    if result is None:
        raise NotFound()
    return result


def scope_key(contest: Contest, round: Round | None) -> str:
    return f"round:{round.id}" if round is not None else f"contest:{contest.id}"


def result_for(contest: Contest, round: Round | None) -> PrizeResult | None:
    return db.session.scalar(
        select(PrizeResult).where(PrizeResult.scope_key == scope_key(contest, round))
    )


def ensure_unlocked(result: PrizeResult) -> None:
    """Refuse any change to a locked list."""
    if result.is_locked:
        raise ResultLocked()


# --- defining and proposing -------------------------------------------------------------------


def define_prizes(
    contest: Contest,
    round: Round | None,
    tiers: Sequence[TierInput],
    *,
    one_prize_per_person: bool = True,
) -> PrizeResult:
    """Create or replace the tiers of a round's (or the contest's) prize list, then propose."""
    _validate_tiers(contest, tiers)
    result = result_for(contest, round) or _new_result(contest, round)
    db.session.refresh(result, with_for_update=True)  # one redefinition at a time
    ensure_unlocked(result)
    before = [_tier_json(t) for t in result.tiers]
    if result.id is not None:
        db.session.execute(delete(PrizeAward).where(PrizeAward.result_id == result.id))
    result.one_prize_per_person = one_prize_per_person
    result.tiers = [
        PrizeTier(position=i, name=t.name.strip(), count=t.count, group_id=t.group_id)
        for i, t in enumerate(tiers)
    ]
    db.session.flush()
    audit.record(
        "prize.tiers",
        "prize_result",
        result.id,
        before={"tiers": before},
        after={
            "tiers": [_tier_json(t) for t in result.tiers],
            "one_prize_per_person": one_prize_per_person,
        },
    )
    return propose(result)


def _new_result(contest: Contest, round: Round | None) -> PrizeResult:
    """The scope's list, created now; when another request created it first, that one."""
    try:
        with db.session.begin_nested():
            result = PrizeResult(
                contest_id=contest.id,
                round_id=round.id if round else None,
                scope_key=scope_key(contest, round),
            )
            db.session.add(result)
    except IntegrityError:  # the unique scope: the other request's list is the one
        return result_for(contest, round)
    return result


def _tier_json(tier: PrizeTier) -> dict:
    return {"name": tier.name, "count": tier.count, "group_id": tier.group_id}


def _validate_tiers(contest: Contest, tiers: Sequence[TierInput]) -> None:
    if not tiers:
        raise InvalidInput.for_fields({"tiers": str(_l("Cần ít nhất một giải."))})
    if len(tiers) > MAX_TIERS:
        raise InvalidInput.for_fields({"tiers": str(_l("Tối đa %(n)s mức giải.", n=MAX_TIERS))})
    groups = {g.id for g in contest.groups}
    for i, tier in enumerate(tiers):
        if not tier.name.strip():
            raise InvalidInput.for_fields({f"tiers[{i}].name": str(_l("Vui lòng nhập tên giải."))})
        if not isinstance(tier.count, int) or not 1 <= tier.count <= MAX_PRIZES:
            raise InvalidInput.for_fields(
                {
                    f"tiers[{i}].count": str(
                        _l("Số giải phải là số nguyên từ 1 đến %(n)s.", n=MAX_PRIZES)
                    )
                }
            )
        if tier.group_id is not None and tier.group_id not in groups:
            raise InvalidInput.for_fields(
                {f"tiers[{i}].group_id": str(_l("Nhóm đối tượng không thuộc cuộc thi."))}
            )


def propose(result: PrizeResult) -> PrizeResult:
    """Replace the draft allocation with a fresh one from the current ranking."""
    ensure_unlocked(result)
    awards = allocate(result)
    db.session.execute(delete(PrizeAward).where(PrizeAward.result_id == result.id))
    db.session.add_all(awards)
    result.proposed_at = utcnow()
    db.session.flush()
    db.session.expire(result, ["awards"])
    result.proposal_sha256 = checksum(result)
    db.session.flush()
    return result


def boundary_ties(result: PrizeResult) -> list[PrizeAward]:
    return [a for a in result.awards if a.boundary_tie]
