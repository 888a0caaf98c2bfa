"""Reopening a locked prize list: one judge asks with a written reason, a second approves.

Both steps are audited. The approval clears the lock (the database allows it only for an
approved unlock of exactly that lock), drops the approvals of the locked list so that it must
be approved twice again, and unfreezes the rounds no other locked list rests on.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from contest.accounts.models import User
from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.prizes.decisions import MIN_REASON_LENGTH, covered_rounds, locked_results_covering
from contest.prizes.models import PrizeApproval, PrizeResult, PrizeStatus, PrizeUnlock


def pending_unlock(result: PrizeResult) -> PrizeUnlock | None:
    """The request to reopen the list's current lock, not yet approved."""
    if not result.is_locked:
        return None
    return db.session.scalar(
        select(PrizeUnlock).where(
            PrizeUnlock.result_id == result.id,
            PrizeUnlock.locked_at == result.locked_at,
            PrizeUnlock.approved_at.is_(None),
        )
    )


def request_unlock(result: PrizeResult, reason: str, judge: User) -> PrizeUnlock:
    """A judge asks to reopen a locked list, saying why (audited); a second judge decides."""
    if not result.is_locked:
        raise Conflict(_l("Danh sách giải chưa khóa."), code="not_locked")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise InvalidInput.for_fields(
            {
                "reason": str(
                    _l("Vui lòng ghi rõ lý do mở khoá (ít nhất %(n)s ký tự).", n=MIN_REASON_LENGTH)
                )
            }
        )
    if pending_unlock(result) is not None:
        raise Conflict(
            _l("Đã có đề nghị mở khoá đang chờ một giám khảo khác đồng ý."),
            code="unlock_pending",
        )
    unlock = PrizeUnlock(
        result_id=result.id,
        locked_at=result.locked_at,
        locked_sha256=result.sha256,
        reason=reason,
        requested_by_id=judge.id,
        requested_at=utcnow(),
    )
    db.session.add(unlock)
    db.session.flush()
    audit.record(
        "prize.unlock_request",
        "prize_result",
        result.id,
        after={"sha256": result.sha256, "unlock_id": unlock.id},
        reason=reason,
        actor=judge,
    )
    return unlock


def approve_unlock(result: PrizeResult, judge: User) -> PrizeResult:
    """A second judge agrees: the list is a draft again and its rounds may change (audited)."""
    unlock = pending_unlock(result)
    if unlock is None:
        raise Conflict(_l("Chưa có đề nghị mở khoá nào đang chờ."), code="no_unlock_request")
    if unlock.requested_by_id == judge.id:
        raise Conflict(
            _l("Người đề nghị mở khoá không thể tự đồng ý; cần một giám khảo khác."),
            code="same_judge",
        )
    unlock.approved_by_id, unlock.approved_at = judge.id, utcnow()
    db.session.flush()  # the approved unlock first: the database checks it when the lock goes
    before = {"sha256": result.sha256, "locked_at": result.locked_at.isoformat()}
    result.locked_at = result.sha256 = None
    result.status = PrizeStatus.DRAFT
    db.session.flush()
    db.session.execute(delete(PrizeApproval).where(PrizeApproval.result_id == result.id))
    db.session.expire(result, ["approvals"])
    for round in covered_rounds(result):
        if not locked_results_covering(round):
            round.results_locked_at = None
    db.session.flush()
    audit.record(
        "prize.unlock",
        "prize_result",
        result.id,
        before=before,
        after={"status": PrizeStatus.DRAFT.value},
        reason=unlock.reason,
        actor=judge,
    )
    return result
