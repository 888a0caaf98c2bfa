"""Erasing the personal data of accounts: what the accounts domain holds (Decree 13/2023).

Names, CCCD, phone, e-mail and date of birth go; the account can no longer sign in; its sessions
end and lose their addresses and browsers; its tokens are revoked. Sex, unit and locality stay:
statistics count by them, and alone they name no one. Irreversible. The data the contest holds
about the same people (attempts, prize lists) is erased by contest.privacy, which calls this.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, update

from contest.accounts.models import ApiToken, User, UserSession
from contest.core import cache
from contest.core.extensions import db

ANONYMOUS_NAME = "Ẩn danh"  # stored data, not an interface string: the same in every language
# No password hash matches this: check_password_hash refuses a value without its "$" fields.
NO_PASSWORD = "!"  # noqa: S105 - a marker, not a secret


def anonymise_accounts(user_ids: Sequence[int], now: datetime) -> None:
    """Erase the personal data of these accounts, set-based (the caller chunks large lists)."""
    if not user_ids:
        return
    cache.invalidate_everything()  # public boards may show their names
    db.session.execute(
        update(User)
        .where(User.id.in_(user_ids), User.anonymised_at.is_(None))
        .values(
            full_name=ANONYMOUS_NAME,
            id_number=None,
            phone=None,
            email=None,
            birth_date=None,
            password_hash=NO_PASSWORD,
            must_change_password=False,
            password_expires_at=None,
            active=False,
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id.in_(user_ids))
        .values(
            ip=None,
            user_agent=None,
            ended_at=func.coalesce(UserSession.ended_at, now),
            end_reason=func.coalesce(UserSession.end_reason, "anonymised"),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id.in_(user_ids), ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
