"""The question bank on the API: imports (dry run, commit, undo), questions, topics, files."""

from __future__ import annotations

from collections.abc import Sequence

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint, binary_response
from contest.core.errors import InvalidInput, NotFound, error_json, handle_http_error
from contest.core.extensions import db
from contest.core.schemas import page_of
from questions import imports, moodle_export, services
from questions.exports import (
    XLSX_MIMETYPE,
    export_bank,
    export_filename,
    send_download,
    send_workbook,
)
from questions.imports.uploads import clean_filename
from questions.models import QuestionImport
from questions.schemas import (
    BLANK,
    ImportFormSchema,
    ImportReportSchema,
    PageQueryArgs,
    QuestionCreateSchema,
    QuestionDetailSchema,
    QuestionEditSchema,
    QuestionFilterArgs,
    QuestionImportDetailSchema,
    QuestionImportSchema,
    QuestionListArgs,
    QuestionSchema,
    TopicSchema,
    edited_input,
)
from questions.search import (
    QuestionFilters,
    import_select,
    paginate,
    paging,
    parse_bool,
    question_select,
)
from questions.template import write_empty_template
from questions.topics import topic_summaries

bp = ApiBlueprint("questions", __name__, "The question bank: imports, questions, topics, files")
IMPORT_ENDPOINT = f"{bp.name}.create_question_import"
NOT_FOUND = {404: "not_found"}
XLSX = binary_response(XLSX_MIMETYPE)


# --- imports ------------------------------------------------------------------------------------


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


# --- questions ----------------------------------------------------------------------------------


@bp.get("/questions")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(QuestionListArgs, location="query")
@bp.response(200, page_of(QuestionSchema))
def list_questions(args: dict):
    """Questions, paged (per_page ≤ 200), filtered.

    Roles: organizer, admin.
    """
    filters = QuestionFilters.from_args(args)
    return paginate(question_select(filters), *paging(args))


@bp.post("/questions")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(QuestionCreateSchema)
@bp.response(201, QuestionSchema)
@bp.errors({400: "invalid_input: details.fields names each field the bank's rules refuse"})
def create_question(body: dict):
    """Add a question (any type; a fill-in question gives accepted_answers instead of options).

    Roles: organizer, admin.
    """
    data = edited_input(BLANK, {"options": [], **body})
    return services.add_question(data, created_by_id=current_user.id)


@bp.get("/questions/<int:question_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, QuestionDetailSchema)
@bp.errors(NOT_FOUND)
def get_question(question_id: int):
    """One question with every version.

    Roles: organizer, admin.
    """
    return services.get_question(question_id)


@bp.patch("/questions/<int:question_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(QuestionEditSchema)
@bp.response(200, QuestionSchema, description="The question (unchanged content: no new version)")
@bp.errors({**NOT_FOUND, 409: "version_conflict: edited meanwhile"})
def edit_question(body: dict, question_id: int):
    """Edit a question: the fields given make a new version; old versions and options stay.

    Roles: organizer, admin.
    """
    question = services.get_question(question_id)
    services.edit_question(
        question,
        edited_input(services.input_from_version(question.current), body),
        note=body.get("change_note") or "",
        editor_id=current_user.id,
        expected_version=body.get("version"),
    )
    return question


@bp.post("/questions/<int:question_id>/retire")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, QuestionSchema)
@bp.errors(NOT_FOUND)
def retire_question(question_id: int):
    """Retire a question (it is no longer drawn).

    Roles: organizer, admin.
    """
    question = services.get_question(question_id)
    services.set_active(question, False)
    return question


@bp.post("/questions/<int:question_id>/restore")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, QuestionSchema)
@bp.errors(NOT_FOUND)
def restore_question(question_id: int):
    """Restore a retired question.

    Roles: organizer, admin.
    """
    question = services.get_question(question_id)
    services.set_active(question, True)
    return question


# --- topics and files ---------------------------------------------------------------------------


@bp.get("/topics")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, TopicSchema(many=True))
def list_topics():
    """Topics with their active questions per difficulty.

    Roles: organizer, admin.
    """
    return topic_summaries()


@bp.get("/questions/export.xlsx")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(QuestionFilterArgs, location="query")
@bp.response(200, **XLSX)
def export_questions(args: dict):
    """The bank (filtered as the list) in the import template; export then import is lossless.

    Roles: organizer, admin.
    """
    filters = QuestionFilters.from_args(args)
    return send_workbook(lambda target: export_bank(filters, target), export_filename(filters))


@bp.get("/questions/export.xml")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(QuestionFilterArgs, location="query")
@bp.response(200, **binary_response(moodle_export.XML_MIMETYPE))
def export_questions_moodle(args: dict):
    """The bank (filtered as the list) as Moodle XML: categories are topics, fill-in questions
    are shortanswer; Moodle and this bank both import it.

    Roles: organizer, admin.
    """
    filters = QuestionFilters.from_args(args)
    return send_download(
        lambda target: moodle_export.export_moodle(filters, target),
        moodle_export.export_filename(filters),
        moodle_export.XML_MIMETYPE,
    )


@bp.get("/questions/template.xlsx")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, **XLSX)
def question_template():
    """The empty import template with its instructions sheet.

    Roles: organizer, admin.
    """
    return send_workbook(write_empty_template, "mau-ngan-hang-cau-hoi.xlsx")
