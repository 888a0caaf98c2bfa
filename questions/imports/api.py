"""Imports on the API: upload (dry run, commit, with a mapping and codes), the list, undo.

The routes belong to the question bank's API blueprint (questions.api.bp).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api.schemas import page_of
from contest.core.errors import InvalidInput, NotFound, error_json, handle_http_error
from contest.core.extensions import db
from questions import imports
from questions.api import NOT_FOUND, bp
from questions.imports.schemas import (
    ImportFormSchema,
    ImportReportSchema,
    QuestionImportDetailSchema,
    QuestionImportSchema,
)
from questions.imports.uploads import clean_filename
from questions.models import QuestionImport
from questions.schemas import PageQueryArgs
from questions.search import import_select, paginate, paging, parse_bool

IMPORT_ENDPOINT = f"{bp.name}.create_question_import"


@bp.post("/question-imports")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(ImportFormSchema, location="form", content_type="multipart/form-data")
@bp.response(201, ImportReportSchema, description="Imported: the report, with import_id")
@bp.alt_response(200, schema=ImportReportSchema, description="Dry run: nothing written")
@bp.errors(
    {
        400: "invalid_workbook (details.reason: encrypted_workbook, empty_workbook, no_header, "
        "unsafe_workbook …; for no_header details.headers_found, details.missing and "
        "details.mapping: every column with samples, to send a `mapping`); import_has_errors "
        "(the file has row errors and accept_partial is false: nothing written, details = the "
        "report); unresolved_codes (topic or difficulty codes without a name: nothing written, "
        "details = the report, send `codes`); invalid_input (no file, a bad mapping or codes)",
        413: "file_too_large: over the upload limit",
    }
)
def create_question_import(form: dict):
    """Import a question bank (.xlsx, .xlsm, .xls, .ods, .docx, Moodle .xml).

    Roles: organizer, admin.
    """
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput.for_fields({"file": str(_l("Vui lòng chọn tệp ngân hàng câu hỏi."))})
    dry_run = parse_bool(form.get("dry_run"), "dry_run", default=False)
    accept_partial = parse_bool(form.get("accept_partial"), "accept_partial", default=False)
    choices = imports.read_choices(form.get("mapping"), form.get("header_row"), form.get("codes"))
    data, filename = upload.read(), clean_filename(upload.filename)
    if dry_run:
        outcome = imports.preview_import(
            data, filename, accept_partial=accept_partial, choices=choices
        )
        return outcome.to_dict(), 200
    outcome = imports.commit_import(
        data, filename, accept_partial=accept_partial, user_id=current_user.id, choices=choices
    )
    return outcome.to_dict()


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge):
    """Flask refuses a body over MAX_CONTENT_LENGTH before the view runs; name it as an import."""
    if request.endpoint != IMPORT_ENDPOINT:
        return handle_http_error(error)
    limit_mb = imports.upload_limit() // (1024 * 1024)
    message = str(
        _l("Tệp vượt quá giới hạn %(mb)s MB. Hãy chia nhỏ tệp rồi tải lên từng phần.", mb=limit_mb)
    )
    return error_json(
        "file_too_large", message, 413, {"reason": "file_too_large", "limit_mb": limit_mb}
    )


def _with_undoable(records: Sequence[QuestionImport]) -> Sequence[QuestionImport]:
    """Mark which imports can still be undone: none of their questions is used in a round yet."""
    undoable = imports.undoable_imports([r.id for r in records if r.undone_at is None])
    for record in records:
        record.undoable = record.id in undoable
    return records


@bp.get("/question-imports")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(PageQueryArgs, location="query")
@bp.response(200, page_of(QuestionImportSchema))
def list_question_imports(args: dict):
    """Imports, newest first (paged).

    Roles: organizer, admin.
    """
    page = paginate(import_select(), *paging(args))
    _with_undoable(page.items)
    return page


@bp.get("/question-imports/<int:import_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, QuestionImportDetailSchema)
@bp.errors(NOT_FOUND)
def get_question_import(import_id: int):
    """One import with its full report.

    Roles: organizer, admin.
    """
    record = db.session.get(QuestionImport, import_id)
    if record is None:
        raise NotFound(_l("Không tìm thấy lần nhập này."))
    return _with_undoable([record])[0]


@bp.delete("/question-imports/<int:import_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, QuestionImportSchema, description="The undone import")
@bp.errors({**NOT_FOUND, 409: "import_in_use (a question is in a round), import_already_undone"})
def undo_question_import(import_id: int):
    """Undo an import: delete its questions while none has been used in a round.

    Roles: organizer, admin.
    """
    return _with_undoable([imports.undo_import(import_id, user_id=current_user.id)])[0]
