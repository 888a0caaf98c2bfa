"""The organizer's announcement pages: the list with a form for a new one, edit, hide, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.announcements import services
from contest.announcements.forms import AnnouncementForm
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action
from contest.core.i18n import display_zone
from contest.rounds.contests import get_contest

bp = Blueprint("announcements", __name__, url_prefix="/organizer/contests")


def _show_errors(form: AnnouncementForm, error) -> None:
    fields = error.details.get("fields") or {}
    for name, message in fields.items():
        getattr(form, name).errors = [*getattr(form, name).errors, message]
    if not fields:
        flash(error.message, "error")


@bp.route("/<int:contest_id>/announcements", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def index(contest_id: int):
    contest = get_contest(contest_id)
    form = AnnouncementForm()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            services.create(contest, form.values(), current_user)
        if outcome.error is None:
            flash(_("Đã đăng thông báo."), "success")
            return redirect(url_for("announcements.index", contest_id=contest.id))
        _show_errors(form, outcome.error)
    return render_template(
        "announcements/organizer.html",
        contest=contest,
        form=form,
        items=list(db.session.scalars(services.all_query(contest))),
        now=utcnow(),
    )


@bp.route("/<int:contest_id>/announcements/<int:announcement_id>", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def edit(contest_id: int, announcement_id: int):
    contest = get_contest(contest_id)
    announcement = services.get_announcement(contest, announcement_id)
    form = AnnouncementForm(obj=announcement)
    if not form.is_submitted():
        local = announcement.published_at.astimezone(display_zone())
        form.published_at.data = local.strftime("%Y-%m-%dT%H:%M")
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            services.update(announcement, form.values())
        if outcome.error is None:
            flash(_("Đã lưu thông báo."), "success")
            return redirect(url_for("announcements.index", contest_id=contest.id))
        _show_errors(form, outcome.error)
    return render_template(
        "announcements/edit.html", contest=contest, announcement=announcement, form=form
    )


@bp.post("/<int:contest_id>/announcements/<int:announcement_id>/visibility")
@roles_required(*ORGANIZER_ROLES)
def toggle_hidden(contest_id: int, announcement_id: int):
    announcement = services.get_announcement(get_contest(contest_id), announcement_id)
    if EmptyForm().validate_on_submit():
        hide = not announcement.hidden
        submit_action(
            lambda: services.update(announcement, {"hidden": hide}),
            _("Đã ẩn thông báo.") if hide else _("Đã hiện lại thông báo."),
        )
    return redirect(url_for("announcements.index", contest_id=contest_id))


@bp.post("/<int:contest_id>/announcements/<int:announcement_id>/delete")
@roles_required(*ORGANIZER_ROLES)
def delete(contest_id: int, announcement_id: int):
    announcement = services.get_announcement(get_contest(contest_id), announcement_id)
    if EmptyForm().validate_on_submit():
        submit_action(lambda: services.delete(announcement), _("Đã xoá thông báo."))
    return redirect(url_for("announcements.index", contest_id=contest_id))
