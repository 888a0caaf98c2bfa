"""Signing users in: the session loader (ended by a changed nonce) and bearer tokens."""

from __future__ import annotations

from sqlalchemy import select

from contest.accounts.models import User
from contest.accounts.tokens import user_for_token
from contest.core.access import bearer_token
from contest.core.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Sessions carry "id:nonce"; a changed nonce (password change) ends old sessions."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or user.session_nonce != nonce or not user.active:
        return None
    return user


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    """A script's `Authorization: Bearer` token; its last use is saved with the request's work."""
    raw = bearer_token()
    return user_for_token(raw) if raw is not None else None
