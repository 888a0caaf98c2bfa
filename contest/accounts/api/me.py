"""The signed-in user on the API: their account, personal access tokens and sessions."""

from __future__ import annotations

from flask_login import current_user, login_required

from contest.accounts import credentials, sessions, tokens
from contest.accounts.api import SIGNED_IN, bp
from contest.accounts.schemas import (
    ChangePasswordSchema,
    NewTokenSchema,
    SessionListSchema,
    TokenListSchema,
    TokenNameSchema,
    UserSchema,
)
from contest.core.errors import NotFound


@bp.get("/me")
@login_required
@bp.response(200, UserSchema)
@bp.errors(SIGNED_IN)
def me():
    """The signed-in user.

    Roles: signed in.
    """
    return current_user


@bp.get("/me/tokens")
@login_required
@bp.response(200, TokenListSchema)
@bp.errors(SIGNED_IN)
def list_tokens():
    """My personal access tokens (never their values).

    Roles: signed in.
    """
    return {"items": current_user.tokens}


@bp.post("/me/tokens")
@login_required
@bp.arguments(TokenNameSchema)
@bp.response(201, NewTokenSchema)
@bp.errors(SIGNED_IN)
def create_token(body: dict):
    """Create a personal access token (shown once).

    Roles: signed in.
    """
    token, raw = tokens.create_token(current_user, body["name"])
    token.token = raw
    return token


@bp.delete("/me/tokens/<int:token_id>")
@login_required
@bp.response(204)
@bp.errors({**SIGNED_IN, 404: "not_found"})
def revoke_token(token_id: int):
    """Revoke one of my tokens.

    Roles: signed in.
    """
    tokens.revoke_token(current_user, token_id)


@bp.get("/me/sessions")
@login_required
@bp.response(200, SessionListSchema)
@bp.errors(SIGNED_IN)
def list_sessions():
    """My browser sessions that are still signed in (scripts use tokens, not listed here).

    Roles: signed in.
    """
    return {"items": sessions.open_sessions(current_user)}


@bp.delete("/me/sessions")
@login_required
@bp.response(204)
@bp.errors(SIGNED_IN)
def end_all_sessions():
    """Sign out everywhere ("Đăng xuất mọi thiết bị"): every session ends, this one too.

    Roles: signed in.
    """
    sessions.end_all_sessions(current_user, "logout_all")
    sessions.sign_out("logout_all")


@bp.delete("/me/sessions/<int:session_id>")
@login_required
@bp.response(204)
@bp.errors({**SIGNED_IN, 404: "not_found: no such open session of mine"})
def end_session(session_id: int):
    """End one of my sessions (a browser I no longer use).

    Roles: signed in.
    """
    if not sessions.end_session(current_user, session_id):
        raise NotFound()


@bp.post("/me/password")
@login_required
@bp.arguments(ChangePasswordSchema)
@bp.response(204)
@bp.errors(SIGNED_IN)
def change_password(body: dict):
    """Change my password (the current one is required); every session of mine ends.

    Roles: signed in. A browser that made the request gets a new session cookie.
    """
    browser = sessions.current_session() is not None
    credentials.change_password(current_user, body["current_password"], body["new_password"])
    if browser:
        sessions.sign_in(current_user, remember=True)
