"""The admin's area: staff accounts (create, disable, role, reset); the audit log is in audit."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.accounts import staff
from contest.accounts.forms import StaffForm, StaffRoleForm
from contest.accounts.models import User
from contest.core.access import ADMIN_ROLES, Role, roles_required
from contest.core.database.transaction import undo_on_error
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def home():
    form = StaffForm()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            user = staff.create_staff(
                form.email.data, form.role.data, form.password.data, form.full_name.data or ""
            )
        if outcome.error:
            error = outcome.error
            for field, message in error.details.get("fields", {"email": error.message}).items():
                getattr(form, field).errors = [message]
        else:
            flash(_("Đã tạo tài khoản %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.home"))
    accounts = db.session.scalars(
        select(User).where(User.role != Role.CANDIDATE).order_by(User.role, User.email)
    ).all()
    return render_template(
        "admin/home.html",
        form=form,
        staff=accounts,
        action_form=EmptyForm(),
        role_form=StaffRoleForm(),
    )


@bp.post("/staff/<int:user_id>/disable")
@roles_required(*ADMIN_ROLES)
def disable_staff(user_id: int):
    """Disable a staff account: its sessions end and its tokens stop working."""
    user = staff.get_staff(user_id)
    submit_action(
        lambda: staff.set_active(user, False, current_user),
        _("Đã vô hiệu hóa tài khoản %(email)s.", email=user.email),
    )
    return redirect(url_for("admin.home"))


@bp.post("/staff/<int:user_id>/enable")
@roles_required(*ADMIN_ROLES)
def enable_staff(user_id: int):
    user = staff.get_staff(user_id)
    submit_action(
        lambda: staff.set_active(user, True, current_user),
        _("Đã mở lại tài khoản %(email)s.", email=user.email),
    )
    return redirect(url_for("admin.home"))


@bp.post("/staff/<int:user_id>/role")
@roles_required(*ADMIN_ROLES)
def change_role(user_id: int):
    user = staff.get_staff(user_id)
    form = StaffRoleForm()
    if form.validate_on_submit():
        submit_action(
            lambda: staff.change_role(user, form.role.data, current_user),
            _("Đã đổi vai trò của %(email)s.", email=user.email),
        )
    return redirect(url_for("admin.home"))


@bp.post("/staff/<int:user_id>/reset")
@roles_required(*ADMIN_ROLES)
def reset_staff_password(user_id: int):
    """A one-time password, shown once on this page and never again."""
    user = staff.get_staff(user_id)
    password, expires = staff.reset_staff_password(user, current_user)
    response = make_response(
        render_template(
            "admin/one_time_password.html", user=user, password=password, expires=expires
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
