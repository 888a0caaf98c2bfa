"""Statistics pages for the judges: item analysis and regrading, figures, units ranking."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import DataRequired

from contest.core.access import ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.errors import Forbidden
from contest.core.extensions import db
from contest.jobs import operations
from contest.jobs.models import OperationKind
from contest.ranking.board_access import visible_round
from contest.rounds.rounds import get_round
from contest.statistics import regrade
from contest.statistics.dashboard import round_dashboard
from contest.statistics.distribution import participation_by_day, score_distribution
from contest.statistics.item_analysis import facility_by_topic_and_locality, item_analysis
from contest.statistics.unit_ranking import UNIT_ORDERS, unit_ranking
from questions.models import Question

bp = Blueprint("statistics", __name__)
# The dashboard polls its API this often: short polling needs no long-lived connection, so it
# works behind any proxy and costs no gunicorn worker between two polls (five small queries).
DASHBOARD_REFRESH_SECONDS = 10


class RegradeForm(FlaskForm):
    question_id = IntegerField(_l("Mã câu hỏi"), validators=[DataRequired()])
    apply = BooleanField(_l("Áp dụng (bỏ chọn để chạy thử)"))


@bp.get("/results/rounds/<int:round_id>/items")
@roles_required(*RESULTS_ROLES)
def items(round_id: int):
    round = visible_round(round_id, current_user)
    return render_template(
        "results/items.html",
        round=round,
        items=item_analysis(round),
        form=RegradeForm(),
        can_apply=current_user.role in ORGANIZER_ROLES,
    )


@bp.post("/results/rounds/<int:round_id>/regrade")
@roles_required(*RESULTS_ROLES)
def regrade_round(round_id: int):
    round = visible_round(round_id, current_user)
    form = RegradeForm()
    if not form.validate_on_submit():
        flash(_("Vui lòng nhập mã câu hỏi."), "error")
        return redirect(url_for("statistics.items", round_id=round.id))
    question = db.session.get(Question, form.question_id.data)
    applies = form.apply.data and current_user.role in ORGANIZER_ROLES
    if applies and question is not None and operations.runs_in_background(round):
        params = {"question_id": question.id}
        operation = operations.enqueue(OperationKind.REGRADE, params, current_user, round)
        return redirect(url_for("operations.operation_page", operation_id=operation.id))
    with undo_on_error() as outcome:
        if form.apply.data and current_user.role not in ORGANIZER_ROLES:
            raise Forbidden(_l("Chỉ ban tổ chức được áp dụng chấm lại."))
        report = regrade.regrade(
            round, form.question_id.data, apply=form.apply.data, actor=current_user
        )
    if outcome.error is not None:
        flash(outcome.error.message, "error")
        return redirect(url_for("statistics.items", round_id=round.id))
    return render_template(
        "results/regrade.html",
        round=round,
        report=report,
        question=db.session.get(Question, report.question_id),
        form=form,
        can_apply=current_user.role in ORGANIZER_ROLES,
    )


@bp.get("/results/rounds/<int:round_id>/statistics")
@roles_required(*RESULTS_ROLES)
def round_statistics(round_id: int):
    round = visible_round(round_id, current_user)
    return render_template(
        "results/statistics.html",
        round=round,
        distribution=score_distribution(round),
        participation=participation_by_day(round),
        matrix=facility_by_topic_and_locality(round),
    )


@bp.get("/results/rounds/<int:round_id>/units")
@roles_required(*RESULTS_ROLES)
def units(round_id: int):
    round = visible_round(round_id, current_user)
    kind = "locality" if request.args.get("kind") == "locality" else "unit"
    order = request.args.get("order", "participants")
    lines = unit_ranking(round.contest, round, kind, order)
    return render_template(
        "results/units.html",
        round=round,
        lines=lines,
        kind=kind,
        order=order,
        orders=UNIT_ORDERS,
    )


@bp.get("/organizer/contests/rounds/<int:round_id>/dashboard")
@roles_required(*RESULTS_ROLES)
def dashboard(round_id: int):
    round = get_round(round_id)
    now = utcnow()
    return render_template(
        "contests/dashboard.html",
        round=round,
        board=round_dashboard(round, now),
        now=now,
        refresh_seconds=DASHBOARD_REFRESH_SECONDS,
    )
