"""Sign-in sessions kept on the server: started at sign-in, ended by logout or a password change.

The signed session cookie (and the remember-me cookie) carry a random key; the server keeps its
SHA-256 with the user, the time, the address and the browser. A session is valid while it has
not been ended, was seen within the idle lifetime and started within the absolute lifetime, so
ending it here ends it everywhere, whichever cookie a client still holds. Scripts sign in with
bearer tokens instead (contest.accounts.tokens), which these rules do not touch.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import Select, bindparam, select, update
from werkzeug.local import LocalProxy

from contest.accounts.models import User, UserSession
from contest.accounts.tokens import user_for_token
from contest.core.access import bearer_token
from contest.core.clock import utcnow
from contest.core.database import note_aside
from contest.core.extensions import db, login_manager

# Noting "last seen" on every request would make each quiz save two writes; minutes suffice.
TOUCH_INTERVAL = timedelta(minutes=5)
# Flask-Login stores what this names (a method of User) in the session and remember cookie.
login_manager.id_attribute = "get_session_key"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def idle_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def absolute_lifetime() -> timedelta:
    return timedelta(days=current_app.config["SESSION_MAX_DAYS"])


def sign_in(user: User, *, remember: bool) -> UserSession:
    """Start a server-side session for this browser and set its cookies."""
    if isinstance(user, LocalProxy):  # current_user: Flask-Login must be given the user itself
        user = user._get_current_object()
    key = secrets.token_urlsafe(32)
    record = UserSession(
        user=user,
        key_hash=_digest(key),
        ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:300] or None,
    )
    db.session.add(record)
    db.session.flush()
    user.session_key = key
    session.permanent = remember  # a browser-session cookie unless "remember me" is ticked
    login_user(user, remember=remember, duration=absolute_lifetime())
    g.user_session_id = record.id
    return record


def sign_out(reason: str = "logout") -> None:
    """End this browser's session on the server, then forget it in the browser."""
    record = current_session()
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason
    logout_user()
    g.user_session_id = None


def end_all_sessions(user: User, reason: str) -> int:
    """End every session of a user (password change or reset, "sign out everywhere")."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def end_session(user: User, session_id: int) -> bool:
    """End one of the user's own sessions; False when there is no such open session."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user.id or record.ended_at is not None:
        return False
    record.ended_at = utcnow()
    record.end_reason = "ended"
    return True


def open_sessions(user: User) -> list[UserSession]:
    """The user's sessions that still sign a browser in, most recently seen first."""
    return list(
        db.session.scalars(
            _valid(select(UserSession), utcnow())
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def current_session() -> UserSession | None:
    """The session of this request (None for anonymous users and bearer tokens)."""
    if not has_request_context() or not current_user.is_authenticated:  # loads the user
        return None
    session_id = g.get("user_session_id")
    return db.session.get(UserSession, session_id) if session_id is not None else None


def _valid(query, now: datetime):
    return query.where(
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at > now - idle_lifetime(),
        UserSession.created_at > now - absolute_lifetime(),
    )


@cache
def _user_by_session_key() -> Select:
    """The user of a valid session by its key, with the session's id and last use: built once,
    as every request runs it; the session is not loaded as an object (a request rarely needs
    it, and loading both took a tenth of a quiz request's time in a profile of the workers)."""
    return (
        select(User, UserSession.id, UserSession.last_seen_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.key_hash == bindparam("key_hash"),
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at > bindparam("seen_after"),
            UserSession.created_at > bindparam("created_after"),
        )
    )


@login_manager.user_loader
def load_user(key: str) -> User | None:
    """The active user of a valid session, from the key in the session or remember cookie."""
    now = utcnow()
    found = db.session.execute(
        _user_by_session_key(),
        {
            "key_hash": _digest(key),
            "seen_after": now - idle_lifetime(),
            "created_after": now - absolute_lifetime(),
        },
    ).first()
    if found is None or not found.User.active:
        return None
    user, session_id, last_seen_at = found
    if now - last_seen_at >= TOUCH_INTERVAL:
        # Noted in passing (`note_aside`): a sign-in never turns the request's reading into
        # a writer, nor holds the row.
        note_aside(db.session.get(UserSession, session_id), last_seen_at=now)
    g.user_session_id = session_id
    user.session_key = key
    return user


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    """A script's `Authorization: Bearer` token; its last use is saved with the request's work."""
    raw = bearer_token()
    return user_for_token(raw) if raw is not None else None
