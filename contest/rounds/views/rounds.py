"""Round pages: create with the blueprint editor, the round's page, edit, clone, preview, and
the two moves at its end (close now, publish the results)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.audit import AuditEntry
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action
from contest.core.transaction import undo_on_error
from contest.rounds import contests, lifecycle, rounds
from contest.rounds.forms import CloneForm, RoundForm
from contest.rounds.pool import pool_shortfalls
from contest.rounds.preview import preview_round
from contest.rounds.views import bp, round_form, show_errors

# The buttons at a round's end: the route's last word → the service's move and what it says.
END_OF_ROUND = {
    "close": (lifecycle.close_round, _l("Đã kết thúc tuần thi.")),
    "publish": (lifecycle.publish_results, _l("Đã công bố kết quả tuần thi.")),
}


@bp.route("/<int:contest_id>/rounds/new", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def new_round(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = RoundForm()
    if request.method == "GET":
        round_form.fill_defaults(form, contest)
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            round = rounds.create_round(contest, round_form.round_data(form, request.form))
        if outcome.error:
            show_errors(form, outcome.error, round_form.ALIASES, inline=("blueprint",))
        else:
            flash(_("Đã tạo tuần thi “%(name)s”.", name=round.name), "success")
            return redirect(url_for("contests.round_page", round_id=round.id))
    return _round_form_page(
        form, contest=contest, round=None, values=round_form.matrix_values(request.form)
    )


def _round_form_page(form, *, contest, round, values, frozen=False):
    return render_template(
        "contests/round_form.html",
        form=form,
        contest=contest,
        round=round,
        frozen=frozen,
        topics=round_form.matrix_topics(values),
        values=values,
        difficulties=round_form.MATRIX_COLUMNS,
    )


@bp.get("/rounds/<int:round_id>")
@roles_required(*ORGANIZER_ROLES)
def round_page(round_id: int):
    round = rounds.get_round(round_id)
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "round", AuditEntry.object_id == str(round.id))
        .order_by(AuditEntry.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "contests/round.html",
        round=round,
        contest=round.contest,
        now=utcnow(),
        frozen=rounds.is_frozen(round),
        shortfalls=pool_shortfalls(round),
        history=history,
        button_form=EmptyForm(),
    )


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def edit_round(round_id: int):
    round = rounds.get_round(round_id)
    frozen = rounds.is_frozen(round)
    form = RoundForm()
    if request.method == "GET":
        round_form.fill_from_round(form, round)
    if form.validate_on_submit():
        data = round_form.round_data(form, request.form)
        if frozen:
            data = {name: data[name] for name in rounds.EDITABLE_WHEN_FROZEN}
        with undo_on_error() as outcome:
            rounds.update_round(round, data, reason=form.reason.data)
        if outcome.error:
            show_errors(form, outcome.error, round_form.ALIASES, inline=("blueprint",))
        else:
            flash(_("Đã lưu tuần thi."), "success")
            return redirect(url_for("contests.round_page", round_id=round.id))
    values = (
        round_form.matrix_values(request.form)
        if request.method == "POST"
        else round_form.round_matrix(round)
    )
    return _round_form_page(form, contest=round.contest, round=round, values=values, frozen=frozen)


@bp.route("/rounds/<int:round_id>/clone", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def clone_round(round_id: int):
    round = rounds.get_round(round_id)
    form = CloneForm()
    if request.method == "GET":
        round_form.fill_clone(form, round)
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            copy = rounds.clone_round(round, form.data)
        if outcome.error:
            show_errors(form, outcome.error)
        else:
            flash(_("Đã tạo bản sao “%(name)s”.", name=copy.name), "success")
            return redirect(url_for("contests.round_page", round_id=copy.id))
    return render_template("contests/clone.html", form=form, round=round)


@bp.get("/rounds/<int:round_id>/preview")
@roles_required(*ORGANIZER_ROLES)
def preview(round_id: int):
    round = rounds.get_round(round_id)
    return render_template(
        "contests/preview.html",
        round=round,
        questions=preview_round(round),
        shortfalls=pool_shortfalls(round),
    )


@bp.post("/rounds/<int:round_id>/close", endpoint="close_round", defaults={"move": "close"})
@bp.post("/rounds/<int:round_id>/publish", endpoint="publish_round", defaults={"move": "publish"})
@roles_required(*ORGANIZER_ROLES)
def end_of_round(round_id: int, move: str):
    """Close an open round now, or publish a closed round's results; back to the round's page."""
    round = rounds.get_round(round_id)
    action, done = END_OF_ROUND[move]
    if EmptyForm().validate_on_submit():
        submit_action(lambda: action(round, utcnow()), done)
    return redirect(url_for("contests.round_page", round_id=round_id))
