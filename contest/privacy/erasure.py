"""Erasing a candidate's personal data everywhere the contest holds it, and requests to do so.

Beyond the account (contest.accounts.anonymisation): the address and browser of every attempt
and attempt event, and the name and CCCD on lines of prize lists still in draft. Scores,
answers, ranks and counts stay, so statistics keep adding up. A locked prize list is never
touched (the database refuses it): it is the signed record of who won, and its checksum must
keep verifying. That is why a candidate on a locked list, or with an attempt in a round still
open, is erased later, by the retention command, rather than at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update
from werkzeug.security import check_password_hash

from contest.accounts.anonymisation import ANONYMOUS_NAME, anonymise_accounts
from contest.accounts.models import User
from contest.accounts.sessions import sign_out
from contest.attempts.models import Attempt, AttemptEvent
from contest.core import audit
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.privacy.models import DeletionRequest, DeletionStatus
from contest.prizes.models import PrizeAward, PrizeResult
from contest.rounds.models import Round

CHUNK = 500
BLOCKERS = {
    "locked_prize_list": _l("Bạn có tên trong một danh sách giải đã khóa."),
    "open_round": _l("Bạn có bài thi trong một tuần thi chưa kết thúc."),
}


def erase(user_ids: Sequence[int], now: datetime) -> None:
    """Erase the personal data of these candidates (irreversible), set-based in chunks."""
    ids = list(user_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        anonymise_accounts(chunk, now)
        attempts = select(Attempt.id).where(Attempt.user_id.in_(chunk))
        _update(update(Attempt).where(Attempt.user_id.in_(chunk)), ip=None, user_agent=None)
        _update(
            update(AttemptEvent).where(AttemptEvent.attempt_id.in_(attempts)),
            ip=None,
            user_agent=None,
        )
        drafts = select(PrizeResult.id).where(PrizeResult.locked_at.is_(None))
        _update(
            update(PrizeAward).where(
                PrizeAward.user_id.in_(chunk), PrizeAward.result_id.in_(drafts)
            ),
            full_name=ANONYMOUS_NAME,
            id_number=None,
        )
    db.session.expire_all()


def _update(statement, **values) -> None:
    db.session.execute(statement.values(**values).execution_options(synchronize_session=False))


def blockers(user: User, now: datetime, locked_before: datetime | None = None) -> list[str]:
    """Why this candidate cannot be erased now: an open round, a locked prize list.

    With `locked_before`, only lists locked at or after it count (the retention period)."""
    found = []
    locked = PrizeResult.locked_at.is_not(None)
    if locked_before is not None:
        locked = locked & (PrizeResult.locked_at >= locked_before)
    on_locked_list = exists().where(
        PrizeAward.user_id == user.id,
        PrizeAward.tier_id.is_not(None),
        PrizeAward.result_id == PrizeResult.id,
        locked,
    )
    if db.session.scalar(select(on_locked_list)):
        found.append("locked_prize_list")
    in_open_round = exists().where(
        Attempt.user_id == user.id, Attempt.round_id == Round.id, Round.closes_at > now
    )
    if db.session.scalar(select(in_open_round)):
        found.append("open_round")
    return found


@dataclass
class DeletionOutcome:
    status: str  # "anonymised" (done now) or "pending" (recorded, done by retention)
    blockers: list[str] = field(default_factory=list)


def request_deletion(user: User, password: str) -> DeletionOutcome:
    """A candidate asks to erase their data: at once when nothing holds it, else recorded."""
    if user.role != Role.CANDIDATE:
        raise Conflict(
            _l("Tài khoản cán bộ do quản trị viên vô hiệu hóa, không tự xóa."), code="not_candidate"
        )
    if not check_password_hash(user.password_hash, password or ""):
        raise InvalidInput.for_fields({"password": str(_l("Mật khẩu không đúng."))})
    now = utcnow()
    found = blockers(user, now)
    if found:
        _record_pending(user)
        audit.record(
            "privacy.deletion_request", "user", user.id, after={"blockers": found}, actor=user
        )
        return DeletionOutcome("pending", found)
    audit.record("privacy.anonymise", "user", user.id, after={"via": "request"}, actor=user)
    sign_out("anonymised")
    erase([user.id], now)
    return DeletionOutcome("anonymised")


def _record_pending(user: User) -> None:
    pending = db.session.scalar(
        select(DeletionRequest).where(
            DeletionRequest.user_id == user.id, DeletionRequest.status == DeletionStatus.PENDING
        )
    )
    if pending is None:
        db.session.add(DeletionRequest(user_id=user.id))
        db.session.flush()


def pending_requests() -> list[DeletionRequest]:
    """Requests waiting for the retention command, oldest first (shown to organizers)."""
    return list(
        db.session.scalars(
            select(DeletionRequest)
            .where(DeletionRequest.status == DeletionStatus.PENDING)
            .order_by(DeletionRequest.requested_at)
        )
    )
