"""Organizer pages for the question bank: list, edit, history, retire, topics, files.

The import pages (upload, preview, import, undo) live in ``questions.imports.views``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.database.transaction import undo_on_error
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from questions import services
from questions.exports import export_bank, export_filename, send_download, send_workbook
from questions.exports import moodle as moodle_export
from questions.exports.template import write_empty_template
from questions.forms import QuestionForm
from questions.history import version_changes
from questions.labels import difficulty_label, encoding_label, points_label, type_label
from questions.models import Difficulty, QuestionImport, QuestionType
from questions.search import QuestionFilters, paginate, paging, question_select
from questions.topics import topic_summaries

bp = Blueprint("bank", __name__, url_prefix="/organizer/bank")
PER_PAGE = 30


@bp.context_processor
def labels():
    return {
        "type_label": type_label,
        "difficulty_label": difficulty_label,
        "encoding_label": encoding_label,
        "points_label": points_label,
        "difficulties": list(Difficulty),
        "question_types": list(QuestionType),
    }


@bp.get("/")
@roles_required(*ORGANIZER_ROLES)
def index():
    filters = QuestionFilters.from_args(request.args)
    page = paginate(question_select(filters), *paging(request.args, PER_PAGE))
    return render_template(
        "questions/list.html", page=page, filters=filters, topics=topic_summaries()
    )


# --- questions ------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def new():
    """Type a question into the bank (any type, fill-in included)."""
    form = QuestionForm() if request.method == "POST" else QuestionForm.blank()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            question = services.add_question(form.to_input(), created_by_id=current_user.id)
        if outcome.error is None:
            flash(_("Đã thêm câu hỏi #%(id)s vào ngân hàng.", id=question.id), "success")
            return redirect(url_for("bank.history", question_id=question.id))
        if not isinstance(outcome.error, InvalidInput):
            raise outcome.error
        form.show_errors(outcome.error.details.get("fields", {}))
    return _edit_page(None, form, 400 if request.method == "POST" else 200)


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def edit(question_id: int):
    question = services.get_question(question_id)
    current = services.input_from_version(question.current)
    form = (
        QuestionForm()
        if request.method == "POST"
        else QuestionForm.for_question(current, question.version)
    )
    if form.validate_on_submit():
        try:
            changed = services.edit_question(
                question,
                form.to_input(),
                note=form.change_note.data,
                editor_id=current_user.id,
                expected_version=form.version.data,
            )
        except InvalidInput as error:  # shown with a 400, which rolls the request back
            form.show_errors(error.details.get("fields", {}))
        except Conflict as error:  # edited by someone else since this form was opened
            form.version.errors = [error.message]
            return _edit_page(question, form, 409)
        else:
            if changed:
                flash(_("Đã lưu phiên bản %(n)s của câu hỏi.", n=question.version), "success")
            else:
                flash(_("Nội dung không thay đổi nên không tạo phiên bản mới."), "info")
            return redirect(url_for("bank.history", question_id=question.id))
    return _edit_page(question, form, 400 if request.method == "POST" else 200)


def _edit_page(question, form: QuestionForm, status: int):
    topics = topic_summaries()
    page = render_template("questions/edit.html", question=question, form=form, topics=topics)
    return page, status


@bp.get("/<int:question_id>/history")
@roles_required(*ORGANIZER_ROLES)
def history(question_id: int):
    question = services.get_question(question_id)
    versions = list(question.versions)
    entries = [
        (version, version_changes(versions[i - 1], version) if i else None)
        for i, version in enumerate(versions)
    ]
    record = db.session.get(QuestionImport, question.import_id) if question.import_id else None
    return render_template(
        "questions/history.html", question=question, entries=list(reversed(entries)), record=record
    )


@bp.post("/<int:question_id>/retire")
@roles_required(*ORGANIZER_ROLES)
def retire(question_id: int):
    return _set_active(question_id, False)


@bp.post("/<int:question_id>/restore")
@roles_required(*ORGANIZER_ROLES)
def restore(question_id: int):
    return _set_active(question_id, True)


def _set_active(question_id: int, active: bool):
    question = services.get_question(question_id)
    services.set_active(question, active)
    if active:
        flash(_("Câu hỏi #%(id)s được dùng lại.", id=question.id), "success")
    else:
        flash(
            _("Câu hỏi #%(id)s đã ngừng dùng: không được rút vào tuần thi mới.", id=question.id),
            "success",
        )
    return redirect(_back_to_list())


def _back_to_list() -> str:
    """The list page the button was pressed on (only a path inside the bank is followed)."""
    target = request.form.get("next") or ""
    prefix = url_for("bank.index")
    return target if target.startswith(prefix) and "//" not in target else prefix


# --- topics and files -----------------------------------------------------------------------------


@bp.get("/topics")
@roles_required(*ORGANIZER_ROLES)
def topics():
    summaries = topic_summaries()
    totals = {d.value: sum(t.counts[d.value] for t in summaries) for d in Difficulty}
    return render_template("questions/topics.html", topics=summaries, totals=totals)


@bp.get("/export.xlsx")
@roles_required(*ORGANIZER_ROLES)
def export():
    filters = QuestionFilters.from_args(request.args)
    return send_workbook(lambda target: export_bank(filters, target), export_filename(filters))


@bp.get("/export.xml")
@roles_required(*ORGANIZER_ROLES)
def export_moodle():
    """The bank (as filtered) as Moodle XML."""
    filters = QuestionFilters.from_args(request.args)
    return send_download(
        lambda target: moodle_export.export_moodle(filters, target),
        moodle_export.export_filename(filters),
        moodle_export.XML_MIMETYPE,
    )


@bp.get("/template.xlsx")
@roles_required(*ORGANIZER_ROLES)
def template():
    return send_workbook(write_empty_template, "mau-ngan-hang-cau-hoi.xlsx")
