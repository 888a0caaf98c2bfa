"""Pages: "Dữ liệu của tôi" (download, ask for erasure), and the organizers' list of requests."""

from __future__ import annotations

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.core import audit
from contest.core.access import ORGANIZER_ROLES, Role, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.privacy import erasure
from contest.privacy.forms import DeletionForm
from contest.privacy.personal_data import personal_data, workbook

bp = Blueprint("privacy", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/me/data")
@login_required
def my_data():
    return _page(DeletionForm())


def _page(form: DeletionForm, status: int = 200):
    codes = erasure.blockers(current_user, utcnow())
    page = render_template(
        "privacy/my_data.html",
        form=form,
        can_erase=current_user.role == Role.CANDIDATE,
        blockers=[erasure.BLOCKERS[code] for code in codes],
        pending=any(r.user_id == current_user.id for r in erasure.pending_requests()),
    )
    return page, status


@bp.get("/me/data.json")
@login_required
def download_json():
    audit.record("privacy.export", "user", current_user.id, after={"format": "json"})
    response = jsonify(personal_data(current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.json"'
    return response


@bp.get("/me/data.xlsx")
@login_required
def download_xlsx():
    audit.record("privacy.export", "user", current_user.id, after={"format": "xlsx"})
    response = Response(workbook(personal_data(current_user)), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.xlsx"'
    return response


@bp.post("/me/data/deletion")
@login_required
def request_deletion():
    form = DeletionForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    with undo_on_error() as outcome:
        result = erasure.request_deletion(current_user._get_current_object(), form.password.data)
    if outcome.error is not None:
        flash(outcome.error.message, "error")
        return redirect(url_for("privacy.my_data"))
    if result.status == "anonymised":
        flash(_("Dữ liệu cá nhân của bạn đã được xóa và tài khoản đã đóng."), "info")
        return redirect(url_for("public.index"))
    flash(
        _("Đã ghi nhận yêu cầu xóa. Dữ liệu sẽ được xóa ngay khi không còn vướng: %(why)s")
        % {"why": " ".join(str(erasure.BLOCKERS[code]) for code in result.blockers)},
        "info",
    )
    return redirect(url_for("privacy.my_data"))


@bp.get("/organizer/privacy")
@roles_required(*ORGANIZER_ROLES)
def deletion_requests():
    return render_template("privacy/requests.html", requests=erasure.pending_requests())
