"""Getting back into an account: a reset link by e-mail, or a one-time password from staff.

The e-mailed link is signed (itsdangerous, with the app's secret), short-lived and single-use:
it names the user and a fingerprint of their password hash, which any new password changes.
Asking for a link answers the same whether or not the account exists. Candidates without an
e-mail address go to the organizer, who checks their CCCD and date of birth against the account
and hands them a one-time password that must be changed at the next sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from datetime import date, datetime, timedelta

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from contest.accounts.credentials import find_user_by_login, hash_password, set_password
from contest.accounts.identity import IdentityError, validate_cccd
from contest.accounts.models import User
from contest.accounts.sessions import end_all_sessions
from contest.core import audit, mail
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db

SALT = "password-reset"
# No 0/O, 1/l/I: read aloud or copied from paper without mistakes.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class InvalidResetLink(InvalidInput):
    code = "invalid_token"
    default_message = _l("Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn.")


class IdentityMismatch(InvalidInput):
    """The CCCD and date of birth do not name one candidate; the refusal stays in the audit log."""

    code = "identity_mismatch"
    keeps_changes = True
    default_message = _l("Số CCCD và ngày sinh không khớp với tài khoản thí sinh nào.")


# --- the e-mailed link ----------------------------------------------------------------------


class _ClockSigner(TimestampSigner):
    """Links are dated by the platform's clock (contest.core.clock), like everything else."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockSigner)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "password": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The active user a valid, unused, unexpired link names; None otherwise."""
    max_age = current_app.config["PASSWORD_RESET_MINUTES"] * 60
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("password") != _fingerprint(user):
        return None
    return user


def request_reset(login: str) -> None:
    """E-mail a reset link to the account's address, if there is such an active account."""
    user = find_user_by_login(login)
    if user is None or not user.active or not user.email:
        return
    link = url_for("auth.reset_password", token=reset_token(user), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    with force_locale("vi"):
        subject = str(_l("Đặt lại mật khẩu ThiLuat"))
        body = render_template("mail/reset_password.txt", user=user, link=link, minutes=minutes)
    try:
        mail.send(user.email, subject, body)
    except (OSError, smtplib.SMTPException):
        # The answer must not differ (it would tell that the account exists); the operator
        # sees the failure in the log.
        current_app.logger.exception("password reset: the e-mail could not be sent")


def reset_with_token(token: str, password: str) -> User:
    """Set the new password the link's owner chose; the link and every session end."""
    user = user_for_reset_token(token)
    if user is None:
        raise InvalidResetLink()
    set_password(user, password)
    end_all_sessions(user, "password_reset")
    audit.record("users.password_reset", "user", user.id, after={"via": "email"}, actor=user)
    return user


# --- one-time passwords handed out by staff -----------------------------------------------


def issue_one_time_password(user: User, reason: str) -> tuple[str, datetime]:
    """Replace the password by a one-time one (shown once); every session of the user ends."""
    password = "-".join(
        "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    expires = utcnow() + timedelta(hours=current_app.config["ONE_TIME_PASSWORD_HOURS"])
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.password_expires_at = expires
    end_all_sessions(user, "password_reset")
    audit.record(
        "users.password_reset",
        "user",
        user.id,
        after={"via": reason, "expires_at": expires.isoformat()},
    )
    return password, expires


def reset_candidate(id_number: str, birth_date: date | None) -> tuple[User, str, datetime]:
    """Organizer staff, the candidate in front of them: CCCD and date of birth must both match."""
    try:
        number = validate_cccd(id_number)
    except IdentityError as error:
        raise InvalidInput.for_fields({"id_number": str(error)}) from None
    if birth_date is None:
        raise InvalidInput.for_fields({"birth_date": str(_l("Ngày sinh không hợp lệ."))})
    user = db.session.scalar(
        select(User).where(User.id_number == number, User.role == Role.CANDIDATE)
    )
    if user is None or user.birth_date != birth_date or not user.active:
        audit.record(
            "users.password_reset_refused",
            "user",
            user.id if user is not None else None,
            after={"reason": "identity_mismatch"},
        )
        raise IdentityMismatch()
    password, expires = issue_one_time_password(user, "identity_check")
    return user, password, expires
