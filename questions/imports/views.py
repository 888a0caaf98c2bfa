"""Organizer pages of the import workflow: upload, preview, import, the list of imports, undo."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.database.transaction import undo_on_error
from contest.core.errors import InvalidInput, error_json
from questions import imports
from questions.importer import FIELDS
from questions.imports import uploads
from questions.imports.choices import column_letter
from questions.imports.forms import CommitForm, UploadForm
from questions.labels import SOURCE_LABELS, UNSURE_LABELS, field_label
from questions.search import import_select, paginate, paging
from questions.topics import topic_summaries
from questions.views import PER_PAGE, bp

# --- upload, preview, import ----------------------------------------------------------------------


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
    sha256 = uploads.store(form.file.data.stream)
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
    data = uploads.load(sha256)
    if data is None:
        flash(
            _(
                "Tệp đã tải lên không còn trên máy chủ (tệp chỉ được giữ một ngày). "
                "Vui lòng tải lên lại."
            ),
            "error",
        )
    return data


def _preview_page(
    sha256: str,
    name: str,
    form: CommitForm,
    status: int = 200,
    choices: imports.ImportChoices | None = None,
    problem: str | None = None,
):
    data = _stored_upload(sha256)
    if data is None:
        return redirect(url_for("bank.upload"))
    try:
        outcome = imports.preview_import(data, name, accept_partial=True, choices=choices)
    except imports.BadWorkbook as refusal:
        proposal = refusal.details.get("mapping") if refusal.details.get("mapping_needed") else None
        if proposal is None:
            uploads.discard(sha256)
            error = {"message": refusal.message, "details": refusal.details}
            return _upload_page(UploadForm(formdata=None), refusal.status, error)
        page = render_template(
            "questions/mapping.html",
            refusal=refusal,
            proposal=proposal,
            sha256=sha256,
            name=name,
            problem=problem,
            **_field_choices(),
        )
        return page, status if problem else 200
    form.name.data = name
    for field, value in outcome.choices.to_json().items():
        getattr(form, field).data = value
    answer = outcome.to_dict()
    return render_template(
        "questions/preview.html",
        outcome=outcome,
        report=outcome.report,
        mapping=answer["mapping"],
        saved=outcome.reading.saved if outcome.reading else None,
        form=form,
        sha256=sha256,
        name=name,
        problem=problem,
        topic_names=[t.name for t in topic_summaries()],
        **_field_choices(),
    ), status


def _field_choices() -> dict:
    return {
        "field_choices": [(name, field_label(name)) for name in FIELDS],
        "field_label": field_label,
        "unsure_labels": UNSURE_LABELS,
        "source_labels": SOURCE_LABELS,
    }


@bp.get("/upload/<sha256>")
@roles_required(*ORGANIZER_ROLES)
def preview(sha256: str):
    """What the file holds and what importing it would do; writes nothing."""
    return _preview_page(
        sha256, uploads.clean_filename(request.args.get("name")), CommitForm(formdata=None)
    )


@bp.post("/upload/<sha256>/mapping")
@roles_required(*ORGANIZER_ROLES)
def choose_mapping(sha256: str):
    """Read the file with the columns and codes chosen on the page, and remember them."""
    name = uploads.clean_filename(request.form.get("name"))
    data = _stored_upload(sha256)
    if data is None:
        return redirect(url_for("bank.upload"))
    try:
        choices = _posted_choices()
    except InvalidInput as error:
        return _preview_page(sha256, name, CommitForm(formdata=None), 400, problem=error.message)
    with undo_on_error() as outcome:
        reading = imports.remember_choices(data, name, choices, user_id=current_user.id)
    if outcome.error is not None:
        problem = outcome.error.message
        return _preview_page(sha256, name, CommitForm(formdata=None), 400, choices, problem)
    if reading.report.mapping is not None and choices.mapping is not None:
        flash(_("Đã lưu cách đọc cột; tệp có cùng tiêu đề sẽ được đọc như vậy."), "success")
    elif choices.codes:
        flash(_("Đã lưu tên của các mã."), "success")
    return redirect(url_for("bank.preview", sha256=sha256, name=name), 303)


def _posted_choices() -> imports.ImportChoices:
    """The mapping form's selects (col-<index>, header_row) or the code form's names."""
    form = request.form
    mapping = {
        column_letter(int(key.removeprefix("col-"))): value
        for key, value in form.items()
        if key.startswith("col-") and key.removeprefix("col-").isdigit() and value
    }
    codes: dict[str, dict[str, str]] = {}
    for entry, value in zip(form.getlist("code"), form.getlist("code_name"), strict=False):
        field, _sep, code = entry.partition(":")
        if value.strip():
            codes.setdefault(field, {})[code] = value
    header_row = form.get("header_row") if mapping else None
    return imports.read_choices(mapping or None, header_row, codes or None)


@bp.post("/upload/<sha256>")
@roles_required(*ORGANIZER_ROLES)
def commit(sha256: str):
    """Import the previewed file, read as it was previewed, in one transaction; then forget it."""
    form = CommitForm()
    name = uploads.clean_filename(form.name.data)
    data = _stored_upload(sha256)
    if data is None:
        return redirect(url_for("bank.upload"))
    try:
        choices = imports.read_choices(form.mapping.data, form.header_row.data, form.codes.data)
        outcome = imports.commit_import(
            data,
            name,
            accept_partial=form.accept_partial.data,
            user_id=current_user.id,
            choices=choices,
        )
    except (imports.ImportHasErrors, imports.CodesNeeded, InvalidInput) as refusal:
        flash(refusal.message, "error")  # the 400 answer rolls the request back
        return _preview_page(sha256, name, form, 400)
    except imports.BadWorkbook as refusal:  # e.g. the upload limit was lowered since the preview
        uploads.discard(sha256)
        error = {"message": refusal.message, "details": refusal.details}
        return _upload_page(UploadForm(formdata=None), refusal.status, error)
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


# --- the list of imports, undo --------------------------------------------------------------------


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
