"""The organizer's area: overview, and the unit/locality lists used at registration."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from contest.accounts import organizations
from contest.accounts.models import User
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.database.transaction import undo_on_error
from contest.core.extensions import db
from contest.core.forms import EmptyForm
from contest.rounds.forms import OrganizationImportForm, OrganizationsForm
from contest.rounds.models import Contest
from questions.models import Question, Topic

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.get("/")
@roles_required(*ORGANIZER_ROLES)
def home():
    counts = {
        "questions": db.session.scalar(
            select(func.count()).select_from(Question).where(Question.active)
        ),
        "topics": db.session.scalar(select(func.count()).select_from(Topic)),
        "contests": db.session.scalar(select(func.count()).select_from(Contest)),
        "candidates": db.session.scalar(
            select(func.count()).select_from(User).where(User.role == "candidate")
        ),
    }
    contests = db.session.scalars(select(Contest).order_by(Contest.created_at.desc())).all()
    return render_template("organizer/home.html", counts=counts, contests=contests)


@bp.route("/organizations", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def organization_lists():
    form = OrganizationsForm()
    if form.validate_on_submit():
        names = (request.form.get("names") or "").splitlines()
        added = organizations.add_organizations(form.kind.data, names)
        flash(_("Đã thêm %(n)s mục.", n=len(added)), "success")
        return redirect(url_for("organizer.organization_lists"))
    return _organizations_page(form=form)


def _organizations_page(form=None, import_form=None, report=None):
    return render_template(
        "organizer/organizations.html",
        form=form or OrganizationsForm(),
        import_form=import_form or OrganizationImportForm(),
        report=report,
        toggle_form=EmptyForm(),
        units=organizations.list_organizations("unit"),
        localities=organizations.list_organizations("locality"),
    )


@bp.post("/organizations/<int:organization_id>/toggle")
@roles_required(*ORGANIZER_ROLES)
def toggle_organization(organization_id: int):
    organizations.toggle_active(organization_id)
    return redirect(url_for("organizer.organization_lists"))


@bp.post("/organizations/import")
@roles_required(*ORGANIZER_ROLES)
def import_organizations():
    """Add units or localities (and their headcounts) from an Excel file."""
    form = OrganizationImportForm()
    upload = form.file.data if form.validate_on_submit() else None
    if upload is None or not upload.filename:
        form.file.errors = [_("Vui lòng chọn tệp Excel.")]
        return _organizations_page(import_form=form), 400
    with undo_on_error() as outcome:
        data = upload.read(organizations.ORGANIZATION_FILE_MAX_BYTES + 1)
        report = organizations.import_organizations(form.kind.data, data, upload.filename)
    if outcome.error:
        form.file.errors = [outcome.error.message]
        return _organizations_page(import_form=form), 400
    flash(
        _(
            "Đã thêm %(a)s mục, cập nhật số lượng của %(u)s mục, bỏ qua %(e)s dòng lỗi.",
            a=len(report.added),
            u=len(report.updated),
            e=len(report.errors),
        ),
        "success" if not report.errors else "warning",
    )
    return _organizations_page(report=report)
