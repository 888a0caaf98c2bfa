"""The admin's area: staff accounts and the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from contest.access import ADMIN_ROLES, roles_required
from contest.errors import Conflict, InvalidInput
from contest.extensions import db
from contest.models import AuditEntry, Role, User
from contest.services import accounts, audit
from contest.views.forms import StaffForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def home():
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_staff(
                form.email.data, form.role.data, form.password.data, form.full_name.data or ""
            )
        except (InvalidInput, Conflict) as error:
            db.session.rollback()
            for field, message in error.details.get("fields", {"email": error.message}).items():
                getattr(form, field).errors = [message]
        else:
            audit.record(
                "users.create",
                "user",
                user.id,
                after={"email": user.email, "role": user.role.value},
            )
            db.session.commit()
            flash(_("Đã tạo tài khoản %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.home"))
    staff = db.session.scalars(
        select(User).where(User.role != Role.CANDIDATE).order_by(User.role, User.email)
    ).all()
    return render_template("admin/home.html", form=form, staff=staff)


@bp.get("/audit")
@roles_required(*ADMIN_ROLES)
def audit_log():
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    term = (request.args.get("q") or "").strip()
    if term:
        like = f"%{term}%"
        query = query.outerjoin(User, AuditEntry.actor_id == User.id).where(
            or_(
                AuditEntry.action.ilike(like),
                AuditEntry.object_type.ilike(like),
                User.email.ilike(like),
            )
        )
    page = max(request.args.get("page", 1, type=int), 1)
    entries = db.paginate(query, page=page, per_page=50, error_out=False)
    return render_template("admin/audit.html", entries=entries, term=term)
