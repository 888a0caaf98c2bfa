"""Prizes: tiers, the proposed allocation from the ranking, exclusions, two approvals, the lock.

The platform proposes; the judges decide. A tie that straddles a tier boundary is flagged and
blocks approval until the judges resolve it (change a tier's count, or exclude someone with a
written reason). Approvals are given to one exact proposal (its SHA-256); when two different
judges have approved it, the list is locked: the service refuses every later change, and so
does the database (triggers on the prize tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import aliased

from contest import exports
from contest.clock import utcnow
from contest.errors import Conflict, InvalidInput, NotFound
from contest.extensions import db
from contest.models import (
    Board,
    Contest,
    Organization,
    ParticipantGroup,
    Participation,
    PrizeApproval,
    PrizeAward,
    PrizeExclusion,
    PrizeResult,
    PrizeStatus,
    PrizeTier,
    Round,
    User,
)
from contest.services import audit, rankings

MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class TierInput:
    name: str
    count: int
    group_id: int | None = None


@dataclass(frozen=True)
class AwardLine:
    """A line of the prize list as exported and checksummed."""

    tier_name: str
    group_name: str | None
    rank: int
    full_name: str
    id_number: str | None
    unit: str | None
    locality: str | None
    score: float | None
    duration_ms: int | None
    prediction_error: int | None
    submitted_at: datetime | None


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


def _ensure_unlocked(result: PrizeResult) -> None:
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
    result = result_for(contest, round)
    if result is None:
        result = PrizeResult(
            contest_id=contest.id,
            round_id=round.id if round else None,
            scope_key=scope_key(contest, round),
        )
        db.session.add(result)
    _ensure_unlocked(result)
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


def _tier_json(tier: PrizeTier) -> dict:
    return {"name": tier.name, "count": tier.count, "group_id": tier.group_id}


def _validate_tiers(contest: Contest, tiers: Sequence[TierInput]) -> None:
    if not tiers:
        raise InvalidInput.for_fields({"tiers": str(_l("Cần ít nhất một giải."))})
    groups = {g.id for g in contest.groups}
    for i, tier in enumerate(tiers):
        if not tier.name.strip():
            raise InvalidInput.for_fields({f"tiers[{i}].name": str(_l("Vui lòng nhập tên giải."))})
        if not isinstance(tier.count, int) or tier.count < 1:
            raise InvalidInput.for_fields(
                {f"tiers[{i}].count": str(_l("Số giải phải là số nguyên dương."))}
            )
        if tier.group_id is not None and tier.group_id not in groups:
            raise InvalidInput.for_fields(
                {f"tiers[{i}].group_id": str(_l("Nhóm đối tượng không thuộc cuộc thi."))}
            )


def propose(result: PrizeResult) -> PrizeResult:
    """Replace the draft allocation with a fresh one from the current ranking."""
    _ensure_unlocked(result)
    awards = _allocate(result)
    db.session.execute(delete(PrizeAward).where(PrizeAward.result_id == result.id))
    db.session.add_all(awards)
    result.proposed_at = utcnow()
    db.session.flush()
    db.session.expire(result, ["awards"])
    result.proposal_sha256 = checksum(result)
    db.session.flush()
    return result


def _allocate(result: PrizeResult) -> list[PrizeAward]:
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
    slots = [tier for tier in tiers for _ in range(tier.count)]
    chosen: list[tuple[PrizeTier | None, dict]] = []
    for row in _ranking(result, group_id):
        if row["user_id"] in skip:
            continue
        if len(chosen) < len(slots):
            chosen.append((slots[len(chosen)], row))
        elif row["rank"] == chosen[-1][1]["rank"]:
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
        rows, _ = rankings.contest_standings(contest, group_id, limit=None)
        yield from (dict(row) for row in rows)
        return
    round = db.session.get(Round, result.round_id)
    if group_id is None:
        rankings.current_snapshot(round, Board.LIVE)
        yield from (row._mapping for row in rankings.iter_standings(round, Board.LIVE, chunk=500))
        return
    yield from _group_round_ranking(round, group_id)


def _group_round_ranking(round: Round, group_id: int) -> Iterator[dict]:
    members = select(Participation.user_id).where(
        Participation.contest_id == round.contest_id, Participation.group_id == group_id
    )
    counted = rankings.counted_rows(round).subquery("counted")
    ranked = rankings.ranked_rows(
        select(counted).where(counted.c.user_id.in_(members)).subquery("members"),
        rankings.tie_break(round),
    ).subquery("group_ranking")
    unit, locality = aliased(Organization), aliased(Organization)
    query = (
        select(
            ranked,
            User.full_name,
            User.id_number,
            unit.name.label("unit"),
            locality.name.label("locality"),
        )
        .join(User, User.id == ranked.c.user_id)
        .outerjoin(unit, unit.id == User.unit_id)
        .outerjoin(locality, locality.id == User.locality_id)
        .order_by(ranked.c.position)
    )
    for row in db.session.execute(query):
        yield dict(row._mapping)


# --- reading ------------------------------------------------------------------------------


def award_lines(result: PrizeResult, awards: Sequence[PrizeAward] | None = None) -> list[AwardLine]:
    """The prize lines (winners only, in list order) as exported."""
    tiers = {t.id: t.name for t in result.tiers}
    groups = {
        g.id: g.name
        for g in db.session.scalars(
            select(ParticipantGroup).where(ParticipantGroup.contest_id == result.contest_id)
        )
    }
    return [
        AwardLine(
            tiers[a.tier_id],
            groups.get(a.group_id),
            a.rank,
            a.full_name,
            a.id_number,
            a.unit,
            a.locality,
            a.score,
            a.duration_ms,
            a.prediction_error,
            a.submitted_at,
        )
        for a in sorted(awards if awards is not None else result.awards, key=lambda a: a.position)
        if a.tier_id is not None
    ]


def checksum(result: PrizeResult, awards: Sequence[PrizeAward] | None = None) -> str:
    """SHA-256 of the canonical CSV of the prize list (what anyone can recompute from a copy)."""
    return exports.sha256_of(prize_headers(), exports.prize_rows(award_lines(result, awards)))


def prize_headers() -> list[str]:
    """The prize list's headers, always in Vietnamese: the checksum must not depend on locale."""
    with force_locale("vi"):
        return [str(header) for header in exports.PRIZE_HEADERS]


def boundary_ties(result: PrizeResult) -> list[PrizeAward]:
    return [a for a in result.awards if a.boundary_tie]


# --- the judges' decisions ------------------------------------------------------------------


def exclude(result: PrizeResult, user_id: int, reason: str, judge: User) -> PrizeExclusion:
    """Leave a candidate out of the list, with a written reason (audited), and re-propose."""
    _ensure_unlocked(result)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise InvalidInput.for_fields(
            {
                "reason": str(
                    _l("Vui lòng ghi rõ lý do loại (ít nhất %(n)s ký tự).", n=MIN_REASON_LENGTH)
                )
            }
        )
    if db.session.get(User, user_id) is None:
        raise NotFound()
    if any(e.user_id == user_id for e in result.exclusions):
        raise Conflict(_l("Thí sinh này đã bị loại khỏi danh sách."), code="already_excluded")
    exclusion = PrizeExclusion(
        result_id=result.id, user_id=user_id, reason=reason, judge_id=judge.id
    )
    result.exclusions.append(exclusion)
    db.session.flush()
    audit.record(
        "prize.exclude",
        "prize_result",
        result.id,
        after={"user_id": user_id},
        reason=reason,
        actor=judge,
    )
    propose(result)
    return exclusion


def reinstate(result: PrizeResult, user_id: int, reason: str, judge: User) -> None:
    """Undo an exclusion (audited, with a reason) and re-propose."""
    _ensure_unlocked(result)
    exclusion = next((e for e in result.exclusions if e.user_id == user_id), None)
    if exclusion is None:
        raise NotFound()
    result.exclusions.remove(exclusion)
    db.session.flush()
    audit.record(
        "prize.reinstate",
        "prize_result",
        result.id,
        before={"user_id": user_id, "reason": exclusion.reason},
        reason=reason,
        actor=judge,
    )
    propose(result)


def approve(result: PrizeResult, judge: User) -> PrizeResult:
    """A judge approves the current proposal; the second different judge locks the list."""
    _ensure_unlocked(result)
    _ensure_round_closed(result)
    if boundary_ties(result):
        raise Conflict(
            _l("Còn trường hợp đồng hạng ở ranh giới giải; ban giám khảo cần quyết định trước."),
            code="unresolved_ties",
        )
    if checksum(result, _allocate_preview(result)) != result.proposal_sha256:
        raise Conflict(
            _l("Bảng xếp hạng đã thay đổi sau khi đề xuất; vui lòng đề xuất lại."),
            code="proposal_outdated",
        )
    approvers = {
        a.judge_id for a in result.approvals if a.proposal_sha256 == result.proposal_sha256
    }
    if judge.id in approvers:
        raise Conflict(
            _l("Bạn đã phê duyệt danh sách này; cần một thành viên khác phê duyệt."),
            code="already_approved",
        )
    result.approvals.append(
        PrizeApproval(judge_id=judge.id, proposal_sha256=result.proposal_sha256)
    )
    db.session.flush()  # the approval first: once the result is locked no row may be added
    audit.record(
        "prize.approve",
        "prize_result",
        result.id,
        after={"proposal_sha256": result.proposal_sha256},
        actor=judge,
    )
    if len(approvers | {judge.id}) >= 2:
        _lock(result, judge)
    db.session.flush()
    return result


def _allocate_preview(result: PrizeResult) -> list[PrizeAward]:
    """The allocation as it would be now, without touching the stored one."""
    with db.session.no_autoflush:
        return _allocate(result)


def locked_results_covering(round: Round) -> list[PrizeResult]:
    """Locked prize lists that rest on this round's scores (its own, or its contest's)."""
    return list(
        db.session.scalars(
            select(PrizeResult).where(
                PrizeResult.locked_at.is_not(None),
                (PrizeResult.round_id == round.id)
                | ((PrizeResult.round_id.is_(None)) & (PrizeResult.contest_id == round.contest_id)),
            )
        )
    )


def _ensure_round_closed(result: PrizeResult) -> None:
    now = utcnow()
    rounds = (
        [db.session.get(Round, result.round_id)]
        if result.round_id
        else list(db.session.get(Contest, result.contest_id).rounds)
    )
    if any(now < r.closes_at for r in rounds):
        raise Conflict(
            _l("Tuần thi chưa kết thúc, chưa thể phê duyệt danh sách giải."),
            code="round_not_closed",
        )


def _lock(result: PrizeResult, judge: User) -> None:
    result.status = PrizeStatus.LOCKED
    result.sha256 = checksum(result)
    result.locked_at = utcnow()
    audit.record(
        "prize.lock", "prize_result", result.id, after={"sha256": result.sha256}, actor=judge
    )
