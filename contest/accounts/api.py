"""Accounts on the API: register, sign in and out, the current user, personal access tokens."""

from __future__ import annotations

from flask import jsonify, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from contest.accounts import services
from contest.accounts.models import User
from contest.accounts.services import Registration
from contest.core import limits
from contest.core.api import bp, document, json_body, string_field
from contest.core.errors import ContestError
from contest.core.extensions import db, limiter


def user_json(user: User) -> dict:
    """The signed-in user's own view of their account."""
    return {
        "id": user.id,
        "full_name": user.full_name,
        "role": user.role.value,
        "email": user.email,
        "phone": user.phone,
        "id_number": user.id_number,
        "birth_date": user.birth_date.isoformat() if user.birth_date else None,
        "gender": user.gender.value if user.gender else None,
        "unit": user.unit.name if user.unit else None,
        "locality": user.locality.name if user.locality else None,
    }


REGISTER_SCHEMA = {
    "type": "object",
    "required": ["full_name", "birth_date", "gender", "id_number", "phone", "password"],
    "properties": {
        "full_name": {"type": "string"},
        "birth_date": {"type": "string", "format": "date"},
        "gender": {"type": "string", "enum": ["male", "female", "other"]},
        "id_number": {"type": "string", "pattern": "^[0-9]{12}$"},
        "phone": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "unit": {"type": "string"},
        "locality": {"type": "string"},
        "password": {"type": "string", "minLength": 8},
    },
}
document(
    "/auth/register",
    "post",
    "Register a candidate",
    roles="anyone",
    request_schema=REGISTER_SCHEMA,
    responses={201: "Registered", 400: "Invalid fields", 409: "already_registered"},
)


@bp.post("/auth/register")
@limiter.limit(limits.REGISTER)
def register():
    body = json_body()
    form = Registration(
        **{name: string_field(body, name) for name in Registration.__dataclass_fields__}
    )
    user = services.register_candidate(form)
    db.session.commit()
    return jsonify(user=user_json(user)), 201


document(
    "/auth/login",
    "post",
    "Sign in with email, phone or CCCD",
    roles="anyone",
    request_schema={
        "type": "object",
        "required": ["login", "password"],
        "properties": {"login": {"type": "string"}, "password": {"type": "string"}},
    },
    responses={200: "Signed in; session cookie set", 401: "invalid_credentials"},
)


@bp.post("/auth/login")
@limiter.limit(limits.SIGN_IN)
def login():
    body = json_body()
    user = services.authenticate(string_field(body, "login"), string_field(body, "password"))
    if user is None:
        raise InvalidCredentials()
    login_user(user, remember=True)
    session.permanent = True
    db.session.commit()
    return jsonify(user=user_json(user), csrf_token=generate_csrf())


document(
    "/auth/csrf",
    "get",
    "A CSRF token for this session (send it as X-CSRFToken)",
    roles="anyone",
    responses={200: "The token"},
)


@bp.get("/auth/csrf")
def csrf_token():
    return jsonify(csrf_token=generate_csrf())


document("/auth/logout", "post", "Sign out", roles="signed in", responses={204: "Signed out"})


@bp.post("/auth/logout")
@login_required
def logout():
    logout_user()
    return "", 204


document(
    "/me",
    "get",
    "The signed-in user",
    roles="signed in",
    responses={200: "The user", 401: "Not signed in"},
)


@bp.get("/me")
@login_required
def me():
    return jsonify(user_json(current_user))


document(
    "/me/tokens",
    "get",
    "My personal access tokens (never their values)",
    roles="signed in",
    responses={200: "Tokens", 401: "Not signed in"},
)


@bp.get("/me/tokens")
@login_required
def list_tokens():
    return jsonify(items=[token_json(t) for t in current_user.tokens])


document(
    "/me/tokens",
    "post",
    "Create a personal access token (shown once)",
    roles="signed in",
    request_schema={"type": "object", "properties": {"name": {"type": "string"}}},
    responses={201: "The token", 401: "Not signed in"},
)


@bp.post("/me/tokens")
@login_required
def create_token():
    body = json_body()
    token, raw = services.create_token(current_user, string_field(body, "name"))
    db.session.commit()
    return jsonify(token=raw, **token_json(token)), 201


document(
    "/me/tokens/{token_id}",
    "delete",
    "Revoke one of my tokens",
    roles="signed in",
    responses={204: "Revoked", 404: "Not found"},
)


@bp.delete("/me/tokens/<int:token_id>")
@login_required
def revoke_token(token_id: int):
    services.revoke_token(current_user, token_id)
    db.session.commit()
    return "", 204


def token_json(token) -> dict:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at is not None,
    }


class InvalidCredentials(ContestError):
    code = "invalid_credentials"
    status = 401
    default_message = _l("Thông tin đăng nhập không đúng. Vui lòng kiểm tra lại.")
