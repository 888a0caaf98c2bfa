"""Contest pages: the list, create and edit, the banner image and the participant groups."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action
from contest.core.markup import render_markdown
from contest.rounds import banners, contests, groups
from contest.rounds.forms import BannerForm, ContestForm, GroupForm
from contest.rounds.views import bp, show_errors


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
        with undo_on_error() as outcome:
            contest = contests.create_contest(form.data, created_by=current_user)
        if outcome.error:
            show_errors(form, outcome.error)
        else:
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
        with undo_on_error() as outcome:
            contests.update_contest(contest, form.data)
        if outcome.error:
            show_errors(form, outcome.error)
        else:
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
    with undo_on_error() as outcome:
        if upload is None:
            raise InvalidInput.for_fields({"banner": _("Vui lòng chọn tệp ảnh.")})
        banners.save_banner(contest, upload.read(banners.BANNER_MAX_BYTES + 1))
    if outcome.error:
        show_errors(form, outcome.error)
        return _edit_page(contest, banner_form=form), 400
    flash(_("Đã cập nhật ảnh bìa."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id))


@bp.post("/<int:contest_id>/groups")
@roles_required(*ORGANIZER_ROLES)
def add_group(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = GroupForm()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            groups.add_group(contest, form.name.data or "", form.eligible.data)
        if outcome.error:
            show_errors(form, outcome.error)
            return _edit_page(contest, group_form=form), 400
        flash(_("Đã thêm đối tượng dự thi."), "success")
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))


@bp.post("/<int:contest_id>/groups/<int:group_id>")
@roles_required(*ORGANIZER_ROLES)
def update_group(contest_id: int, group_id: int):
    contest = contests.get_contest(contest_id)
    group = groups.get_group(contest, group_id)
    form = GroupForm()
    if form.validate_on_submit():
        submit_action(
            lambda: groups.update_group(group, form.name.data or "", form.eligible.data),
            _("Đã lưu đối tượng dự thi."),
        )
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))


@bp.post("/<int:contest_id>/groups/<int:group_id>/delete")
@roles_required(*ORGANIZER_ROLES)
def delete_group(contest_id: int, group_id: int):
    contest = contests.get_contest(contest_id)
    if EmptyForm().validate_on_submit():
        submit_action(
            lambda: groups.delete_group(groups.get_group(contest, group_id)),
            _("Đã xoá đối tượng dự thi."),
        )
    return redirect(url_for("contests.edit", contest_id=contest.id, _anchor="groups"))
