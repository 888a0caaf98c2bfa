"""The judges' exports page: queue a list for the background worker, see recent jobs."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from contest.core.access import RESULTS_ROLES, roles_required
from contest.core.extensions import db
from contest.core.forms import submit_action
from contest.jobs import exports, worker
from contest.jobs.models import ExportJob
from contest.ranking.board_access import visible_round

bp = Blueprint("exports", __name__)


class ExportForm(FlaskForm):
    kind = SelectField(_l("Dữ liệu"), choices=[(k, v) for k, v in exports.LIST_NAMES.items()])
    fmt = SelectField(_l("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")])


@bp.route("/results/rounds/<int:round_id>/exports", methods=["GET", "POST"])
@roles_required(*RESULTS_ROLES)
def exports_page(round_id: int):
    round = visible_round(round_id, current_user)
    form = ExportForm()
    if form.validate_on_submit():
        queued = []
        if submit_action(
            lambda: queued.append(
                worker.enqueue(round, form.kind.data, form.fmt.data, current_user)
            ),
            _("Đã đưa yêu cầu xuất vào hàng đợi; tệp sẽ sẵn sàng khi tác vụ nền chạy xong."),
        ):  # follow its progress on its own page
            return redirect(url_for("operations.export_job_page", job_id=queued[0].id))
        return redirect(url_for("exports.exports_page", round_id=round.id))
    recent = (
        db.session.query(ExportJob)
        .filter_by(round_id=round.id)
        .order_by(ExportJob.id.desc())
        .limit(20)
    )
    return render_template(
        "results/exports.html", round=round, form=form, jobs=list(recent), kinds=exports.LIST_NAMES
    )
