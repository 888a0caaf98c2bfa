"""Passwords and sign-in: how a password is stored, checked and changed, and who a login names."""

from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.accounts.identity import IdentityError, looks_like_cccd, normalize_phone
from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db

MIN_PASSWORD_LENGTH = 8
# A stand-in hash so that an unknown login costs as much time as a wrong password.
_DUMMY_HASH_CACHE: dict[str, str] = {}


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    return generate_password_hash(password, method) if method else generate_password_hash(password)


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(_l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))
    return None


def set_password(user: User, password: str) -> None:
    """Store a new password (its hash); the caller ends the user's sessions."""
    problem = password_problem(password)
    if problem:
        raise InvalidInput.for_fields({"password": problem})
    user.password_hash = hash_password(password)


def find_user_by_login(login: str) -> User | None:
    """Find a user by email, phone (any common format) or CCCD."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return db.session.scalar(select(User).where(User.email == login.lower()))
    if looks_like_cccd(login):
        return db.session.scalar(select(User).where(User.id_number == login.replace(" ", "")))
    try:
        phone = normalize_phone(login)
    except IdentityError:
        return None
    return db.session.scalar(select(User).where(User.phone == phone))


def authenticate(login: str, password: str) -> User | None:
    """Return the active user with these credentials, spending equal time on unknown logins."""
    user = find_user_by_login(login)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "default"
    if method not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[method] = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH_CACHE[method]
