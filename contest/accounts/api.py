"""Accounts on the API: register, sign in and out, the current user, personal access tokens."""

from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from contest.accounts import credentials, registration, tokens
from contest.accounts.registration import Registration
from contest.accounts.schemas import (
    CsrfSchema,
    LoginSchema,
    NewTokenSchema,
    RegisteredSchema,
    RegistrationSchema,
    SignedInSchema,
    TokenListSchema,
    TokenNameSchema,
    UserSchema,
)
from contest.core import limits
from contest.core.api import ApiBlueprint
from contest.core.errors import ContestError
from contest.core.extensions import limiter

bp = ApiBlueprint("accounts", __name__, "Registration, sign-in, the current user, access tokens")
SIGNED_IN = {401: "unauthorized: not signed in"}


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
    login_user(user, remember=True)
    session.permanent = True
    return {"user": user, "csrf_token": generate_csrf()}


@bp.get("/auth/csrf")
@bp.response(200, CsrfSchema)
def csrf_token():
    """A CSRF token for this session (send it as X-CSRFToken).

    Roles: anyone.
    """
    return {"csrf_token": generate_csrf()}


@bp.post("/auth/logout")
@bp.response(204)
@bp.errors(SIGNED_IN)
@login_required
def logout():
    """Sign out.

    Roles: signed in.
    """
    logout_user()


@bp.get("/me")
@bp.response(200, UserSchema)
@bp.errors(SIGNED_IN)
@login_required
def me():
    """The signed-in user.

    Roles: signed in.
    """
    return current_user


@bp.get("/me/tokens")
@bp.response(200, TokenListSchema)
@bp.errors(SIGNED_IN)
@login_required
def list_tokens():
    """My personal access tokens (never their values).

    Roles: signed in.
    """
    return {"items": current_user.tokens}


@bp.post("/me/tokens")
@bp.arguments(TokenNameSchema)
@bp.response(201, NewTokenSchema)
@bp.errors(SIGNED_IN)
@login_required
def create_token(body: dict):
    """Create a personal access token (shown once).

    Roles: signed in.
    """
    token, raw = tokens.create_token(current_user, body["name"])
    token.token = raw
    return token


@bp.delete("/me/tokens/<int:token_id>")
@bp.response(204)
@bp.errors({**SIGNED_IN, 404: "not_found"})
@login_required
def revoke_token(token_id: int):
    """Revoke one of my tokens.

    Roles: signed in.
    """
    tokens.revoke_token(current_user, token_id)
