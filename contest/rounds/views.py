"""Organizer pages for contests and rounds: edit, blueprint editor, preview, close, publish."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.audit import AuditEntry
from contest.core.clock import utcnow
from contest.core.errors import ContestError, InvalidInput
from contest.core.extensions import db
from contest.core.forms import EmptyForm
from contest.core.markup import render_markdown
from contest.rounds import contests, round_form, rounds
from contest.rounds.forms import BannerForm, CloneForm, ContestForm, GroupForm, RoundForm
from contest.rounds.preview import preview_round

bp = Blueprint("contests", __name__, url_prefix="/organizer/contests")


def show_errors(
    form, error: ContestError, aliases: dict[str, str] | None = None, inline: tuple[str, ...] = ()
) -> None:
    """Put a service's field messages next to the form's fields; the rest becomes a flash.

    Messages for `inline` names (no form field of their own, e.g. the blueprint matrix) are left
    in form.service_errors for the template to place."""
    db.session.rollback()
    fields = error.details.get("fields") or {}
    form.service_errors = fields if isinstance(fields, dict) else {}
    if not form.service_errors:
        flash(error.message, "error")
        return
    for name, message in form.service_errors.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        elif name not in inline:
            flash(message, "error")


@bp.get("/")
@roles_required(*ORGANIZER_ROLES)
def index():
    items = db.session.scalars(contests.contests_query(include_drafts=True)).all()
    return render_template("contests/index.html", contests=items, now=utcnow())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def new():
    form = ContestForm()
    if form.validate_on_submit():
        try:
            contest = contests.create_contest(form.data, created_by=current_user)
        except ContestError as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo cuộc thi. Tiếp theo: thêm tuần thi."), "success")
            return redirect(url_for("contests.edit", contest_id=contest.id))
    return render_template("contests/contest_new.html", form=form)


@bp.route("/<int:contest_id>", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def edit(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = ContestForm(obj=contest) if request.method == "GET" else ContestForm()
    if request.method == "GET":
        form.status.data = contest.status.value
        form.ranking_mode.data = contest.ranking_mode.value
        form.min_age.data = "" if contest.min_age is None else str(contest.min_age)
    if form.validate_on_submit():
        try:
            contests.update_contest(contest, form.data)
        except ContestError as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu cuộc thi."), "success")
            return redirect(url_for("contests.edit", contest_id=contest.id))
    return _edit_page(contest, form=form)


def _edit_page(contest, **forms):
    return render_template(
        "contests/contest_edit.html",
        contest=contest,
        now=utcnow(),
        form=forms.get("form") or ContestForm(obj=contest),
        banner_form=forms.get("banner_form") or BannerForm(),
        group_form=forms.get("group_form") or GroupForm(),
        button_form=EmptyForm(),
        rules_html=render_markdown(contest.rules),
    )


@bp.post("/<int:contest_id>/banner")
@roles_required(*ORGANIZER_ROLES)
def upload_banner(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = BannerForm()
    upload = form.banner.data if form.validate_on_submit() else None
    try:
        if upload is None:
            raise InvalidInput.for_fields({"banner": _("Vui lòng chọn tệp ảnh.")})
        contests.save_banner(contest, upload.read(contests.BANNER_MAX_BYTES + 1))
    except ContestError as error:
        show_errors(form, error)
        return _edit_page(contest, banner_form=form), 400
    db.session.commit()
    flash(_("Đã cập nhật ảnh bìa."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id))


@bp.post("/<int:contest_id>/groups")
@roles_required(*ORGANIZER_ROLES)
def add_group(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            contests.add_group(contest, form.name.data or "", form.eligible.data)
        except ContestError as error:
            show_errors(form, error)
            return _edit_page(contest, group_form=form), 400
        db.session.commit()
        flash(_("Đã thêm đối tượng dự thi."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))


@bp.post("/<int:contest_id>/groups/<int:group_id>")
@roles_required(*ORGANIZER_ROLES)
def update_group(contest_id: int, group_id: int):
    contest = contests.get_contest(contest_id)
    group = contests.get_group(contest, group_id)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            contests.update_group(group, form.name.data or "", form.eligible.data)
        except ContestError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã lưu đối tượng dự thi."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))


@bp.post("/<int:contest_id>/groups/<int:group_id>/delete")
@roles_required(*ORGANIZER_ROLES)
def delete_group(contest_id: int, group_id: int):
    contest = contests.get_contest(contest_id)
    if EmptyForm().validate_on_submit():
        try:
            contests.delete_group(contests.get_group(contest, group_id))
        except ContestError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã xoá đối tượng dự thi."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))


# --- rounds ---------------------------------------------------------------------------------


@bp.route("/<int:contest_id>/rounds/new", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def new_round(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = RoundForm()
    if request.method == "GET":
        round_form.fill_defaults(form, contest)
    if form.validate_on_submit():
        try:
            round = rounds.create_round(contest, round_form.round_data(form, request.form))
        except ContestError as error:
            show_errors(form, error, round_form.ALIASES, inline=("blueprint",))
        else:
            db.session.commit()
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
        shortfalls=rounds.pool_shortfalls(round),
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
        try:
            rounds.update_round(round, data, reason=form.reason.data)
        except ContestError as error:
            show_errors(form, error, round_form.ALIASES, inline=("blueprint",))
        else:
            db.session.commit()
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
        try:
            copy = rounds.clone_round(round, form.data)
        except ContestError as error:
            show_errors(form, error)
        else:
            db.session.commit()
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
        shortfalls=rounds.pool_shortfalls(round),
    )


@bp.post("/rounds/<int:round_id>/close")
@roles_required(*ORGANIZER_ROLES)
def close_round(round_id: int):
    return _round_action(round_id, rounds.close_round, _("Đã kết thúc tuần thi."))


@bp.post("/rounds/<int:round_id>/publish")
@roles_required(*ORGANIZER_ROLES)
def publish_round(round_id: int):
    return _round_action(round_id, rounds.publish_results, _("Đã công bố kết quả tuần thi."))


def _round_action(round_id: int, action, done: str):
    round = rounds.get_round(round_id)
    if EmptyForm().validate_on_submit():
        try:
            action(round, utcnow())
        except ContestError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(done, "success")
    return redirect(url_for("contests.round_page", round_id=round_id))
