"""The judges' decisions on a prize list: exclusions with a reason, two approvals, the lock."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.accounts.models import User
from contest.core import audit, cache
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.prizes.allocation import allocate
from contest.prizes.models import (
    PrizeApproval,
    PrizeAward,
    PrizeExclusion,
    PrizeResult,
    PrizeStatus,
)
from contest.prizes.prize_list import checksum
from contest.prizes.proposal import boundary_ties, ensure_unlocked, propose
from contest.rounds.models import Contest, Round

MIN_REASON_LENGTH = 10


def exclude(result: PrizeResult, user_id: int, reason: str, judge: User) -> PrizeExclusion:
    """Leave a candidate out of the list, with a written reason (audited), and re-propose."""
    ensure_unlocked(result)
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
    ensure_unlocked(result)
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
    ensure_unlocked(result)
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
        return allocate(result)


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
    if any(now < r.closes_at for r in covered_rounds(result)):
        raise Conflict(
            _l("Tuần thi chưa kết thúc, chưa thể phê duyệt danh sách giải."),
            code="round_not_closed",
        )


def covered_rounds(result: PrizeResult) -> list[Round]:
    """The rounds a prize list rests on: its round, or every round of its contest."""
    if result.round_id:
        return [db.session.get(Round, result.round_id)]
    return list(db.session.get(Contest, result.contest_id).rounds)


def _lock(result: PrizeResult, judge: User) -> None:
    result.status = PrizeStatus.LOCKED
    result.sha256 = checksum(result)
    result.locked_at = utcnow()
    for round in covered_rounds(result):  # what the list rests on is frozen with it
        round.results_locked_at = round.results_locked_at or result.locked_at
    if result.round_id is not None:
        cache.invalidate_round(result.round_id, result.contest_id)
    else:
        cache.invalidate(f"contest:{result.contest_id}")
    audit.record(
        "prize.lock", "prize_result", result.id, after={"sha256": result.sha256}, actor=judge
    )
