"""Round pages: create with the blueprint editor, the round's page with its checklist, edit,
clone, preview, and its moves: announce, close now and publish the results (both confirmed)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from contest.attempts import closing
from contest.attempts.closing import in_progress_count
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.audit import AuditEntry
from contest.core.audit.text import readable
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.extensions import db
from contest.core.forms import ConfirmForm, ConfirmWithReasonForm, EmptyForm, submit_action
from contest.prizes import readiness
from contest.rounds import contests, lifecycle, rounds
from contest.rounds.forms import CloneForm, RoundForm
from contest.rounds.pool import pool_shortfalls
from contest.rounds.preview import preview_round
from contest.rounds.views import bp, round_form, show_errors


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
    now = utcnow()
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
        now=now,
        frozen=rounds.is_frozen(round),
        shortfalls=pool_shortfalls(round),
        checklist=readiness.round_checklist(round, now) if round.is_draft else [],
        history=[readable(entry) for entry in history],
        button_form=EmptyForm(),
        close_form=ConfirmWithReasonForm(formdata=None),
        publish_form=ConfirmForm(formdata=None),
        in_progress=in_progress_count(round),
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


@bp.post("/rounds/<int:round_id>/announce")
@roles_required(*ORGANIZER_ROLES)
def announce_round(round_id: int):
    """Announce a draft once its checklist passes: candidates see it, it opens at its time."""
    round = rounds.get_round(round_id)
    if EmptyForm().validate_on_submit():
        submit_action(
            lambda: readiness.announce_round(round, utcnow()),
            _("Đã công khai tuần thi; tuần thi mở cho thí sinh vào thời điểm mở."),
        )
    return redirect(url_for("contests.round_page", round_id=round_id))


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def close_round(round_id: int):
    """Close now: a confirmation (box and reason), then every attempt in progress is scored."""
    round = rounds.get_round(round_id)
    form = ConfirmWithReasonForm()
    if form.validate_on_submit():
        submit_action(
            lambda: closing.close_round(round, utcnow(), form.reason.data),
            _("Đã kết thúc tuần thi; các bài đang làm đã được chấm theo câu trả lời đã lưu."),
        )
        return redirect(url_for("contests.round_page", round_id=round_id))
    return _confirm_page(round, "close", form)


@bp.route("/rounds/<int:round_id>/publish", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def publish_round(round_id: int):
    """Publish the results: a confirmation (box, optional reason), then candidates see them."""
    round = rounds.get_round(round_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        now = utcnow()
        submit_action(
            lambda: (
                closing.finalize_round(round, now),
                lifecycle.publish_results(round, now, form.reason.data),
            ),
            _("Đã công bố kết quả tuần thi."),
        )
        return redirect(url_for("contests.round_page", round_id=round_id))
    return _confirm_page(round, "publish", form)


def _confirm_page(round, move: str, form):
    status = 400 if form.errors else 200
    return render_template(
        "contests/round_confirm.html",
        round=round,
        move=move,
        form=form,
        in_progress=in_progress_count(round),
    ), status
