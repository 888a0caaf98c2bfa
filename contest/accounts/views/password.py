"""Password pages: "Quên mật khẩu" by e-mail, the reset link, changing one's password, and the
change forced after signing in with a one-time password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts import credentials, recovery, sessions
from contest.accounts.forms import ChangePasswordForm, ForgotPasswordForm, NewPasswordForm
from contest.accounts.views import bp, home_url
from contest.core import limits
from contest.core.database.transaction import undo_on_error
from contest.core.errors import error_json, wants_json
from contest.core.extensions import limiter
from contest.core.mail import outbox_enabled

# What a user who must replace a one-time password may still reach.
ALLOWED_BEFORE_CHANGE = {
    "auth.change_password",
    "auth.logout",
    "accounts_api.me",
    "accounts_api.logout",
    "accounts_api.csrf_token",
    "accounts_api.change_password",
    "static",
    "web.set_language",
    "web.healthz",
}


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(limits.RECOVERY, methods=["POST"])
@limiter.limit(limits.RECOVERY_ACCOUNT, key_func=limits.per_field("login"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_reset(form.login.data)
        return render_template("auth/forgot_sent.html", outbox=outbox_enabled())
    return render_template("auth/forgot.html", form=form, outbox=outbox_enabled())


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(limits.RECOVERY, methods=["POST"])
def reset_password(token: str):
    if recovery.user_for_reset_token(token) is None:
        return render_template("auth/reset_invalid.html"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            recovery.reset_with_token(token, form.password.data)
        if outcome.error is None:
            sessions.sign_out("password_reset")
            flash(_("Đã đặt mật khẩu mới. Vui lòng đăng nhập."), "success")
            return redirect(url_for("auth.login"))
        form.password.errors = [outcome.error.message]
    response = current_app.make_response(render_template("auth/reset.html", form=form))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password/change", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    forced = current_user.must_change_password
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            credentials.change_password(
                current_user, form.current_password.data, form.password.data
            )
        if outcome.error is None:
            sessions.sign_in(current_user, remember=session.permanent)  # a new session here
            flash(_("Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất."), "success")
            return redirect(home_url(current_user))
        for field, message in outcome.error.details.get("fields", {}).items():
            target = form.password if field == "new_password" else getattr(form, field)
            target.errors = [message]
    return render_template("auth/change_password.html", form=form, forced=forced)


@bp.before_app_request
def require_new_password():
    """After a one-time password, nothing but choosing a new one (and signing out)."""
    if request.endpoint in ALLOWED_BEFORE_CHANGE or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    message = _("Bạn cần đổi mật khẩu tạm trước khi tiếp tục.")
    if wants_json():
        return error_json("password_change_required", message, 403)
    flash(message, "info")
    return redirect(url_for("auth.change_password"))
