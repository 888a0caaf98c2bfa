"""Organizer pages for the question bank: list, edit, history, topics, imports, files."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.errors import Conflict, InvalidInput, error_json
from contest.core.extensions import db
from questions import imports, services, uploads
from questions.exports import export_bank, export_filename, send_workbook
from questions.forms import CommitForm, QuestionForm, UploadForm
from questions.history import version_changes
from questions.labels import difficulty_label, encoding_label, type_label
from questions.models import Difficulty, QuestionImport, QuestionType
from questions.search import QuestionFilters, import_select, paginate, paging, question_select
from questions.template import write_empty_template
from questions.topics import topic_summaries

bp = Blueprint("bank", __name__, url_prefix="/organizer/bank")
PER_PAGE = 30


@bp.context_processor
def labels():
    return {
        "type_label": type_label,
        "difficulty_label": difficulty_label,
        "encoding_label": encoding_label,
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


# --- upload, preview, import --------------------------------------------------------------------


def _is_xhr() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _upload_page(form: UploadForm, status: int = 200, error=None):
    return render_template(
        "questions/upload.html",
        form=form,
        error=error,
        limit_mb=imports.upload_limit() // (1024 * 1024),
        max_bytes=imports.upload_limit(),
    ), status


@bp.get("/upload")
@roles_required(*ORGANIZER_ROLES)
def upload():
    return _upload_page(UploadForm())


@bp.post("/upload")
@roles_required(*ORGANIZER_ROLES)
def receive_upload():
    """Keep the file and send the organizer to its preview (JSON for the script's upload)."""
    form = UploadForm()
    if not form.validate_on_submit():
        if _is_xhr():
            return error_json("invalid_input", _("Vui lòng chọn tệp ngân hàng câu hỏi."), 400)
        return _upload_page(form, 400)
    name = uploads.clean_filename(form.file.data.filename)
    sha256 = uploads.store(form.file.data.stream, name)
    target = url_for("bank.preview", sha256=sha256, name=name)
    return jsonify(redirect=target) if _is_xhr() else redirect(target, 303)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    limit_mb = imports.upload_limit() // (1024 * 1024)
    message = _(
        "Tệp vượt quá giới hạn %(mb)s MB. Hãy chia nhỏ tệp rồi tải lên từng phần.", mb=limit_mb
    )
    if _is_xhr():
        return error_json("file_too_large", message, 413, {"limit_mb": limit_mb})
    return _upload_page(UploadForm(formdata=None), 413, {"message": message})


def _stored_upload(sha256: str):
    path = uploads.find(sha256)
    if path is None:
        flash(
            _(
                "Tệp đã tải lên không còn trên máy chủ (tệp chỉ được giữ một ngày). "
                "Vui lòng tải lên lại."
            ),
            "error",
        )
    return path


def _preview_page(sha256: str, name: str, form: CommitForm, status: int = 200):
    path = _stored_upload(sha256)
    if path is None:
        return redirect(url_for("bank.upload"))
    try:
        outcome = imports.preview_import(path, name, accept_partial=True)
    except imports.BadWorkbook as refusal:
        uploads.remove(sha256)
        error = {"message": refusal.message, "details": refusal.details}
        return _upload_page(UploadForm(formdata=None), refusal.status, error)
    form.name.data = name
    return render_template(
        "questions/preview.html",
        outcome=outcome,
        report=outcome.report,
        form=form,
        sha256=sha256,
        name=name,
    ), status


@bp.get("/upload/<sha256>")
@roles_required(*ORGANIZER_ROLES)
def preview(sha256: str):
    """What the file holds and what importing it would do; writes nothing."""
    return _preview_page(
        sha256, uploads.clean_filename(request.args.get("name")), CommitForm(formdata=None)
    )


@bp.post("/upload/<sha256>")
@roles_required(*ORGANIZER_ROLES)
def commit(sha256: str):
    """Import the previewed file in one transaction, then forget it."""
    form = CommitForm()
    name = uploads.clean_filename(form.name.data)
    path = _stored_upload(sha256)
    if path is None:
        return redirect(url_for("bank.upload"))
    try:
        outcome = imports.commit_import(
            path, name, accept_partial=form.accept_partial.data, user_id=current_user.id
        )
    except imports.ImportHasErrors as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return _preview_page(sha256, name, form, 400)
    except imports.BadWorkbook as refusal:  # e.g. the upload limit was lowered since the preview
        db.session.rollback()
        uploads.remove(sha256)
        error = {"message": refusal.message, "details": refusal.details}
        return _upload_page(UploadForm(formdata=None), refusal.status, error)
    db.session.commit()
    uploads.remove(sha256)
    flash(
        _(
            "Đã nhập %(n)s câu hỏi từ tệp %(name)s (bỏ qua %(d)s câu trùng).",
            n=outcome.imported,
            name=name,
            d=outcome.report.duplicates,
        ),
        "success",
    )
    return redirect(url_for("bank.index", **{"import": outcome.record.id}))


# --- questions ----------------------------------------------------------------------------------


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
        except InvalidInput as error:
            form.show_errors(error.details.get("fields", {}))
        except Conflict as error:  # edited by someone else since this form was opened
            form.version.errors = [error.message]
            return _edit_page(question, form, 409)
        else:
            db.session.commit()
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
    db.session.commit()
    if active:
        flash(_("Câu hỏi #%(id)s được dùng lại.", id=question.id), "success")
    else:
        flash(
            _("Câu hỏi #%(id)s đã ngừng dùng: không được rút vào vòng thi mới.", id=question.id),
            "success",
        )
    return redirect(_back_to_list())


def _back_to_list() -> str:
    """The list page the button was pressed on (only a path inside the bank is followed)."""
    target = request.form.get("next") or ""
    prefix = url_for("bank.index")
    return target if target.startswith(prefix) and "//" not in target else prefix


# --- topics, imports, files ---------------------------------------------------------------------


@bp.get("/topics")
@roles_required(*ORGANIZER_ROLES)
def topics():
    summaries = topic_summaries()
    totals = {d.value: sum(t.counts[d.value] for t in summaries) for d in Difficulty}
    return render_template("questions/topics.html", topics=summaries, totals=totals)


@bp.get("/imports")
@roles_required(*ORGANIZER_ROLES)
def import_list():
    page = paginate(import_select(), *paging(request.args, PER_PAGE))
    undoable = imports.undoable_imports([r.id for r in page.items if r.undone_at is None])
    return render_template("questions/imports.html", page=page, undoable=undoable)


@bp.post("/imports/<int:import_id>/undo")
@roles_required(*ORGANIZER_ROLES)
def undo(import_id: int):
    record = imports.undo_import(import_id, user_id=current_user.id)
    db.session.commit()
    flash(
        _(
            "Đã hoàn tác lần nhập #%(id)s (%(name)s): xoá %(n)s câu hỏi.",
            id=record.id,
            name=record.filename,
            n=record.imported,
        ),
        "success",
    )
    return redirect(url_for("bank.import_list"))


@bp.get("/export.xlsx")
@roles_required(*ORGANIZER_ROLES)
def export():
    filters = QuestionFilters.from_args(request.args)
    return send_workbook(lambda target: export_bank(filters, target), export_filename(filters))


@bp.get("/template.xlsx")
@roles_required(*ORGANIZER_ROLES)
def template():
    return send_workbook(write_empty_template, "mau-ngan-hang-cau-hoi.xlsx")
