"""Passwords and sign-in: how a password is stored, checked and changed, and who a login names."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.accounts.identity import IdentityError, looks_like_cccd, normalize_phone
from contest.accounts.models import User
from contest.accounts.sessions import end_all_sessions
from contest.core import audit, limits
from contest.core.clock import utcnow
from contest.core.database import reading_only
from contest.core.errors import InvalidInput, RateLimited
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


def set_password(user: User, password: str, field: str = "password") -> None:
    """Store a new password chosen by its user; a one-time password's constraints go."""
    problem = password_problem(password)
    if problem:
        raise InvalidInput.for_fields({field: problem})
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.password_expires_at = None


def change_password(user: User, current: str | None, new: str) -> None:
    """The user changes their own password; every session of theirs ends (audited).

    The current password is asked for, except right after signing in with a one-time password,
    which must be replaced before anything else.
    """
    if not user.must_change_password and not check_password_hash(user.password_hash, current or ""):
        raise InvalidInput.for_fields(
            {"current_password": str(_l("Mật khẩu hiện tại không đúng."))}
        )
    if check_password_hash(user.password_hash, new or ""):
        raise InvalidInput.for_fields(
            {"new_password": str(_l("Mật khẩu mới phải khác mật khẩu hiện tại."))}
        )
    set_password(user, new, "new_password")
    end_all_sessions(user, "password_change")
    audit.record("users.password_change", "user", user.id, actor=user)


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


class SignInLocked(RateLimited):
    """Too many wrong passwords for this account, from wherever they came."""

    def __init__(self, retry_after: int):
        if retry_after < 120:
            wait = _l("%(n)s giây", n=retry_after)
        else:
            wait = _l("%(n)s phút", n=-(-retry_after // 60))
        message = _l(
            "Tài khoản này đã bị nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(wait)s.",
            wait=wait,
        )
        super().__init__(retry_after, str(message))


@dataclass(frozen=True)
class _Credentials:
    """What a sign-in checks, read before the slow hash so that no lock is held during it."""

    password_hash: str
    active: bool
    expires_at: datetime | None


def authenticate(login: str, password: str) -> User | None:
    """Return the active user with these credentials, spending equal time on unknown logins.

    Failures count per account whatever the address (an unknown login counts as an account
    too, so that both look alike); past the free ones the account must wait (SignInLocked)
    before its password is checked again. A success wipes the count. The account is read in a
    transaction that only reads, ended before the password hash is checked (a deliberately
    slow step): on SQLite a sign-in must not hold the one write lock for it, or a school
    signing in together queues behind each hash.
    """
    with _read_apart():
        user = find_user_by_login(login)
        account = f"user:{user.id}" if user else f"login:{limits.digest(login or '')}"
        credentials = (
            _Credentials(user.password_hash, user.active, user.password_expires_at)
            if user
            else None
        )
    if wait := limits.sign_in_wait(account):
        raise SignInLocked(wait)
    if not _password_accepted(credentials, password):
        limits.record_sign_in_failure(account)
        return None
    limits.forget_sign_in_failures(account)
    # Made before the sign-in's writes begin: a hash is slow, and no lock may wait on it.
    rehashed = hash_password(password) if hash_is_outdated(credentials.password_hash) else None
    if rehashed is not None:
        user.password_hash = rehashed
    user.last_login_at = utcnow()
    return user


def hash_is_outdated(stored: str) -> bool:
    """Whether a stored hash was made with another method or cost than PASSWORD_HASH_METHOD.

    Such a hash is replaced when its password is next given, so that a change of the method
    (up or down) reaches every account that signs in, as Django does.
    """
    return stored.split("$", 1)[0] != _dummy_hash().split("$", 1)[0]


@contextmanager
def _read_apart() -> Iterator[None]:
    """Read in a transaction of its own that begins as a reader and ends here, unless the
    caller's transaction is already open (then its reads are simply part of it)."""
    if db.session().in_transaction():
        yield
        return
    token = reading_only.set(True)
    try:
        yield
    finally:
        reading_only.reset(token)
        db.session.rollback()  # nothing was written: this only ends the read


def _password_accepted(credentials: _Credentials | None, password: str) -> bool:
    if credentials is None:
        check_password_hash(_dummy_hash(), password or "")
        return False
    if not check_password_hash(credentials.password_hash, password or ""):
        return False
    if not credentials.active:
        return False
    # An unused one-time password past its time is no password at all.
    return credentials.expires_at is None or credentials.expires_at > utcnow()


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "default"
    if method not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[method] = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH_CACHE[method]
