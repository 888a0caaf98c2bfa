"""Accounts on the API: register, sign in and out."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf.csrf import generate_csrf

from contest.accounts import credentials, registration, sessions
from contest.accounts.api import SIGNED_IN, bp
from contest.accounts.registration import Registration
from contest.accounts.schemas import (
    CsrfSchema,
    LoginSchema,
    RegisteredSchema,
    RegistrationSchema,
    SignedInSchema,
)
from contest.core import limits
from contest.core.errors import ContestError
from contest.core.extensions import limiter


class InvalidCredentials(ContestError):
    code = "invalid_credentials"
    status = 401
    default_message = _l("Thông tin đăng nhập không đúng. Vui lòng kiểm tra lại.")


@bp.post("/auth/register")
@bp.arguments(RegistrationSchema)
@bp.response(201, RegisteredSchema)
@bp.errors({409: "already_registered: the CCCD or phone is already used"})
@limiter.limit(limits.REGISTER)
def register(body: dict):
    """Register a candidate.

    Roles: anyone.
    """
    form = Registration(
        **{name: body.get(name) or "" for name in Registration.__dataclass_fields__}
    )
    return {"user": registration.register_candidate(form)}


@bp.post("/auth/login")
@bp.arguments(LoginSchema)
@bp.response(200, SignedInSchema)
@bp.errors({401: "invalid_credentials"})
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
