"""The profile page: the account, personal access tokens, sign-in sessions and the password."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts import sessions, tokens
from contest.accounts.forms import TokenForm
from contest.accounts.views import bp
from contest.core.forms import EmptyForm


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        _token, new_token = tokens.create_token(current_user, form.name.data)
        flash(_("Đã tạo mã truy cập. Hãy sao chép ngay: mã chỉ hiển thị một lần."), "success")
    return render_template(
        "auth/profile.html",
        form=form,
        new_token=new_token,
        revoke_form=EmptyForm(),
        tokens=sorted(current_user.tokens, key=lambda t: t.created_at, reverse=True),
        sessions=sessions.open_sessions(current_user),
        current_session=sessions.current_session(),
        idle_hours=f"{sessions.idle_lifetime().total_seconds() / 3600:g}",
    )


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    tokens.revoke_token(current_user, token_id)
    flash(_("Đã thu hồi mã truy cập."), "info")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/sessions/end-all")
@login_required
def end_all_sessions():
    """ "Đăng xuất mọi thiết bị": every session of the account ends, this browser's too."""
    sessions.end_all_sessions(current_user, "logout_all")
    sessions.sign_out("logout_all")
    flash(_("Đã đăng xuất khỏi mọi thiết bị. Vui lòng đăng nhập lại."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/profile/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    if sessions.end_session(current_user, session_id):
        flash(_("Đã đăng xuất thiết bị đó."), "info")
    return redirect(url_for("auth.profile"))
