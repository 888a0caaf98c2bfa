"""Who may do what: session and bearer-token sign-in, and role guards for pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import Flask, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.errors import error_json, wants_json
from contest.core.extensions import csrf, login_manager


class Role(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    JUDGE = "judge"
    CANDIDATE = "candidate"


STAFF_ROLES = (Role.ADMIN, Role.ORGANIZER, Role.JUDGE)
ORGANIZER_ROLES = (Role.ORGANIZER, Role.ADMIN)
JUDGE_ROLES = (Role.JUDGE, Role.ADMIN)
RESULTS_ROLES = (Role.JUDGE, Role.ORGANIZER, Role.ADMIN)
ADMIN_ROLES = (Role.ADMIN,)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


@login_manager.unauthorized_handler
def unauthorized():
    if wants_json():
        return error_json("unauthorized", _("Bạn cần đăng nhập để tiếp tục."), 401)
    flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def roles_required(*roles: Role) -> Callable:
    """Guard a view: anonymous users are sent to sign in (401 on the API), other roles get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the access-matrix test
        return wrapped

    return decorator


def protect_unsafe_requests() -> None:
    """CSRF on every unsafe request, except scripts that authenticate with a bearer token."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if bearer_token() is not None:
        return
    csrf.protect()


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(protect_unsafe_requests)
