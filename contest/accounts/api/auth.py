"""Accounts on the API: register, sign in and out, recover a forgotten password."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf.csrf import generate_csrf

from contest.accounts import consent, credentials, recovery, registration, sessions
from contest.accounts.api import SIGNED_IN, bp
from contest.accounts.registration import Registration
from contest.accounts.schemas import (
    ConsentNoticeSchema,
    CsrfSchema,
    ForgotPasswordSchema,
    LoginSchema,
    RegisteredSchema,
    RegistrationSchema,
    ResetPasswordSchema,
    ResetRequestedSchema,
    SignedInSchema,
)
from contest.core import limits
from contest.core.errors import ContestError
from contest.core.extensions import limiter

RESET_REQUESTED = _l(
    "Nếu thông tin này thuộc một tài khoản có email, một liên kết đặt lại mật khẩu đã được gửi."
)


class InvalidCredentials(ContestError):
    code = "invalid_credentials"
    status = 401
    default_message = _l("Thông tin đăng nhập không đúng. Vui lòng kiểm tra lại.")


@bp.post("/auth/register")
@bp.arguments(RegistrationSchema)
@bp.response(201, RegisteredSchema)
@bp.errors({409: "already_registered: the CCCD or phone is already used"})
@limiter.limit(limits.REGISTER)
@limiter.limit(limits.REGISTER_IDENTITY, key_func=limits.per_field("id_number"))
def register(body: dict):
    """Register a candidate.

    Roles: anyone.
    """
    texts = {name: body.get(name) or "" for name in Registration.__dataclass_fields__}
    form = Registration(**{**texts, "consent": body.get("consent") is True})
    return {"user": registration.register_candidate(form)}


@bp.get("/auth/consent")
@bp.response(200, ConsentNoticeSchema)
def consent_notice():
    """The personal-data notice a candidate consents to when registering.

    Roles: anyone.
    """
    return {
        "version": consent.notice_version(),
        "text": consent.notice_text(vietnamese=True),
        "retention_days": current_app.config["PRIVACY_RETENTION_DAYS"],
    }


@bp.post("/auth/login")
@bp.arguments(LoginSchema)
@bp.response(200, SignedInSchema)
@bp.errors({401: "invalid_credentials", 429: "rate_limited: too many tries, see Retry-After"})
@limiter.limit(limits.SIGN_IN)
def login(body: dict):
    """Sign in with email, phone or CCCD; sets the session cookie.

    Roles: anyone.
    """
    user = credentials.authenticate(body["login"], body["password"])
    if user is None:
        raise InvalidCredentials()
    sessions.sign_in(user, remember=True)
    return {"user": user, "csrf_token": generate_csrf()}


@bp.get("/auth/csrf")
@bp.response(200, CsrfSchema)
def csrf_token():
    """A CSRF token for this session (send it as X-CSRFToken).

    Roles: anyone.
    """
    return {"csrf_token": generate_csrf()}


@bp.post("/auth/logout")
@login_required
@bp.response(204)
@bp.errors(SIGNED_IN)
def logout():
    """Sign out: this session ends on the server too.

    Roles: signed in.
    """
    sessions.sign_out()


@bp.post("/auth/password/forgot")
@bp.arguments(ForgotPasswordSchema)
@bp.response(202, ResetRequestedSchema)
@limiter.limit(limits.RECOVERY)
@limiter.limit(limits.RECOVERY_ACCOUNT, key_func=limits.per_field("login"))
def forgot_password(body: dict):
    """E-mail a single-use reset link to the account's address, if the account has one.

    Roles: anyone. The answer is the same whether or not such an account exists.
    """
    recovery.request_reset(body["login"])
    return {"message": str(RESET_REQUESTED)}


@bp.post("/auth/password/reset")
@bp.arguments(ResetPasswordSchema)
@bp.response(204)
@limiter.limit(limits.RECOVERY)
def reset_password(body: dict):
    """Choose a new password with the token of an e-mailed link; every session ends.

    Roles: anyone. 400 invalid_token for a link that is wrong, used or expired.
    """
    recovery.reset_with_token(body["token"], body["password"])
