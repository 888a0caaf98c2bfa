"""Personal access tokens for scripts: created once, stored only as a digest, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from contest.accounts.models import ApiToken, User
from contest.core.clock import utcnow
from contest.core.database import note_aside
from contest.core.errors import NotFound
from contest.core.extensions import db

TOKEN_PREFIX = "tl_"  # noqa: S105 - a marker, not a secret
# Writing the last use on every request would make each script call a write; minutes suffice.
LAST_USED_PRECISION = timedelta(minutes=5)


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal access token; the raw value is returned once and never stored."""
    name = " ".join((name or "").split())[:100] or "script"
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_token_digest(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    return token, raw


def user_for_token(raw: str) -> User | None:
    """The active user owning a non-revoked token, noting when it was last used."""
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_digest(raw), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        note_aside(token, last_used_at=now)
    return token.user


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token
