"""The admin's area: staff accounts (create, disable, role, reset) and the audit log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from contest.accounts import staff
from contest.accounts.forms import StaffForm, StaffRoleForm
from contest.accounts.models import User
from contest.core.access import ADMIN_ROLES, Role, roles_required
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action
from contest.core.i18n import local_to_utc
from contest.core.transaction import undo_on_error

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


@bp.get("/audit")
@roles_required(*ADMIN_ROLES)
def audit_log():
    """The audit log, newest first, searchable by action, object, actor and date range."""
    filters = {
        name: (request.args.get(name) or "").strip()
        for name in ("q", "action", "object_type", "object_id", "actor", "date_from", "date_to")
    }
    query = _filtered_audit(select(AuditEntry).order_by(AuditEntry.id.desc()), filters)
    page = max(request.args.get("page", 1, type=int), 1)
    entries = db.paginate(query, page=page, per_page=50, error_out=False)
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    object_types = db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ).all()
    return render_template(
        "admin/audit.html",
        entries=entries,
        term=filters["q"],
        filters=filters,
        actions=actions,
        object_types=object_types,
    )


def _filtered_audit(query, filters: dict[str, str]):
    """Apply the search: free text, action (exact, or a "rounds." prefix), object, actor, dates."""
    actor = aliased(User)
    if filters["q"] or filters["actor"]:
        query = query.outerjoin(actor, AuditEntry.actor_id == actor.id)
    if filters["q"]:
        like = f"%{filters['q']}%"
        query = query.where(
            or_(
                AuditEntry.action.ilike(like),
                AuditEntry.object_type.ilike(like),
                actor.email.ilike(like),
                AuditEntry.origin.ilike(like),
                AuditEntry.reason.ilike(like),
            )
        )
    if filters["action"]:
        action = filters["action"]
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    if filters["object_type"]:
        query = query.where(AuditEntry.object_type == filters["object_type"])
    if filters["object_id"]:
        query = query.where(AuditEntry.object_id == filters["object_id"])
    if filters["actor"]:
        like = f"%{filters['actor']}%"
        query = query.where(
            or_(actor.email.ilike(like), actor.full_name.ilike(like), AuditEntry.origin.ilike(like))
        )
    for name, edge in (("date_from", 0), ("date_to", 1)):
        day = _local_day(filters[name])
        if day is None:
            filters[name] = ""
            continue
        bound = local_to_utc(datetime.combine(day, time())) + timedelta(days=edge)
        query = query.where(AuditEntry.at >= bound if edge == 0 else AuditEntry.at < bound)
    return query


def _local_day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD (date input) or dd/mm/yyyy; None when blank or unreadable."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
