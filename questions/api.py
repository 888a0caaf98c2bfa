"""The question bank on the API: imports (dry run, commit, undo), questions, topics, exports."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import bp, document, json_body, string_field
from contest.core.errors import InvalidInput, NotFound, error_json, handle_http_error
from contest.core.extensions import db
from questions import imports, services
from questions.exports import export_bank, export_filename, send_workbook
from questions.imports.uploads import clean_filename
from questions.models import Difficulty, QuestionImport, QuestionType
from questions.schemas import edited_input, import_json, page_json, question_json, version_json
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

ORGANIZERS = "organizer, admin"
IMPORT_ENDPOINT = "api.create_question_import"


# --- imports ------------------------------------------------------------------------------------

IMPORT_ANSWER = "{import_id, imported, duplicates, errors, converted_rows, by_topic}"
document(
    "/question-imports",
    "post",
    "Import a question bank (.xlsx, .xlsm, .xls, .ods). multipart/form-data: file; dry_run=true "
    "reports what would happen and writes nothing; accept_partial=true imports the valid rows "
    "of a file that has row errors. Answer: " + IMPORT_ANSWER + "; in a dry run import_id is "
    "null and imported is the number that would be imported (0 for a file with errors "
    "unless accept_partial=true).",
    roles=ORGANIZERS,
    responses={
        200: "Dry run: the report, nothing written",
        201: "Imported: the report with import_id",
        400: "invalid_workbook (details.reason: encrypted_workbook, empty_workbook, no_header, "
        "unsafe_workbook …; details.headers_found for no_header); import_has_errors (the file "
        "has row errors and accept_partial is false: nothing written, details = the report); "
        "invalid_input (no file)",
        401: "Not signed in",
        403: "Not an organizer",
        413: "file_too_large: over the upload limit",
    },
)


@bp.post("/question-imports")
@roles_required(*ORGANIZER_ROLES)
def create_question_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput.for_fields({"file": str(_l("Vui lòng chọn tệp ngân hàng câu hỏi."))})
    dry_run = parse_bool(request.form.get("dry_run"), "dry_run", default=False)
    accept_partial = parse_bool(request.form.get("accept_partial"), "accept_partial", default=False)
    data, filename = upload.read(), clean_filename(upload.filename)
    if dry_run:
        outcome = imports.preview_import(data, filename, accept_partial=accept_partial)
        return jsonify(outcome.to_dict()), 200
    outcome = imports.commit_import(
        data, filename, accept_partial=accept_partial, user_id=current_user.id
    )
    db.session.commit()
    return jsonify(outcome.to_dict()), 201


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


document(
    "/question-imports",
    "get",
    "Imports, newest first (paged)",
    roles=ORGANIZERS,
    responses={
        200: "{items, total, page, per_page}",
        401: "Not signed in",
        403: "Not an organizer",
    },
)


@bp.get("/question-imports")
@roles_required(*ORGANIZER_ROLES)
def list_question_imports():
    page = paginate(import_select(), *paging(request.args))
    undoable = imports.undoable_imports([r.id for r in page.items if r.undone_at is None])
    return jsonify(page_json(page, [import_json(r, r.id in undoable) for r in page.items]))


document(
    "/question-imports/{import_id}",
    "get",
    "One import with its full report",
    roles=ORGANIZERS,
    responses={200: "The import and its report", 404: "Not found"},
)


@bp.get("/question-imports/<int:import_id>")
@roles_required(*ORGANIZER_ROLES)
def get_question_import(import_id: int):
    record = db.session.get(QuestionImport, import_id)
    if record is None:
        raise NotFound(_l("Không tìm thấy lần nhập này."))
    undoable = record.undone_at is None and bool(imports.undoable_imports([record.id]))
    return jsonify({**import_json(record, undoable), "report": record.report})


document(
    "/question-imports/{import_id}",
    "delete",
    "Undo an import: delete its questions while none has been used in a round",
    roles=ORGANIZERS,
    responses={
        200: "The undone import",
        404: "Not found",
        409: "import_in_use (a question is in a round) or import_already_undone",
    },
)


@bp.delete("/question-imports/<int:import_id>")
@roles_required(*ORGANIZER_ROLES)
def undo_question_import(import_id: int):
    record = imports.undo_import(import_id, user_id=current_user.id)
    db.session.commit()
    return jsonify(import_json(record, undoable=False))


# --- questions ----------------------------------------------------------------------------------

FILTERS = (
    "filters: topic (name or id), difficulty (easy|medium|hard), type "
    "(single|multiple|true_false), q (diacritics-insensitive), active (true|false), import"
)
document(
    "/questions",
    "get",
    "Questions, paged (per_page ≤ 200); " + FILTERS,
    roles=ORGANIZERS,
    responses={
        200: "{items, total, page, per_page}",
        400: "A filter value is not allowed",
        401: "Not signed in",
        403: "Not an organizer",
    },
)


@bp.get("/questions")
@roles_required(*ORGANIZER_ROLES)
def list_questions():
    filters = QuestionFilters.from_args(request.args)
    page = paginate(question_select(filters), *paging(request.args))
    return jsonify(page_json(page, [question_json(q) for q in page.items]))


document(
    "/questions/{question_id}",
    "get",
    "One question with every version",
    roles=ORGANIZERS,
    responses={200: "The question and its versions (oldest first)", 404: "Not found"},
)


@bp.get("/questions/<int:question_id>")
@roles_required(*ORGANIZER_ROLES)
def get_question(question_id: int):
    question = services.get_question(question_id)
    return jsonify(
        {**question_json(question), "versions": [version_json(v) for v in question.versions]}
    )


EDIT_SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "type": {"type": "string", "enum": [t.value for t in QuestionType]},
        "options": {
            "type": "array",
            "minItems": 2,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string"}, "is_correct": {"type": "boolean"}},
            },
        },
        "topic": {"type": "string"},
        "difficulty": {"type": "string", "enum": [d.value for d in Difficulty]},
        "legal_basis": {"type": ["string", "null"]},
        "explanation": {"type": ["string", "null"]},
        "change_note": {"type": "string"},
        "version": {"type": "integer", "description": "the version edited; 409 if it is stale"},
    },
}
document(
    "/questions/{question_id}",
    "patch",
    "Edit a question: the fields given replace the current version's, as a new version "
    "(old versions and their option ids stay)",
    roles=ORGANIZERS,
    request_schema=EDIT_SCHEMA,
    responses={
        200: "The question (unchanged content creates no version)",
        400: "Invalid fields",
        404: "Not found",
        409: "version_conflict: edited meanwhile",
    },
)


@bp.patch("/questions/<int:question_id>")
@roles_required(*ORGANIZER_ROLES)
def edit_question(question_id: int):
    question = services.get_question(question_id)
    body = json_body()
    data = edited_input(services.input_from_version(question.current), body)
    expected = body.get("version")
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        raise InvalidInput.for_fields({"version": str(_l("Giá trị phải là số nguyên."))})
    services.edit_question(
        question,
        data,
        note=string_field(body, "change_note"),
        editor_id=current_user.id,
        expected_version=expected,
    )
    db.session.commit()
    return jsonify(question_json(question))


for _action, _summary in (
    ("retire", "Retire a question (it is no longer drawn)"),
    ("restore", "Restore a retired question"),
):
    document(
        f"/questions/{{question_id}}/{_action}",
        "post",
        _summary,
        roles=ORGANIZERS,
        responses={200: "The question", 404: "Not found"},
    )


@bp.post("/questions/<int:question_id>/retire")
@roles_required(*ORGANIZER_ROLES)
def retire_question(question_id: int):
    question = services.get_question(question_id)
    services.set_active(question, False)
    db.session.commit()
    return jsonify(question_json(question))


@bp.post("/questions/<int:question_id>/restore")
@roles_required(*ORGANIZER_ROLES)
def restore_question(question_id: int):
    question = services.get_question(question_id)
    services.set_active(question, True)
    db.session.commit()
    return jsonify(question_json(question))


# --- topics and files ---------------------------------------------------------------------------

document(
    "/topics",
    "get",
    "Topics with their active questions per difficulty",
    roles=ORGANIZERS,
    responses={
        200: "[{id, name, counts: {easy, medium, hard}}]",
        401: "Not signed in",
        403: "Not an organizer",
    },
)


@bp.get("/topics")
@roles_required(*ORGANIZER_ROLES)
def list_topics():
    return jsonify([{"id": t.id, "name": t.name, "counts": t.counts} for t in topic_summaries()])


document(
    "/questions/export.xlsx",
    "get",
    "The bank (same filters as GET /questions) in the import template; export then import "
    "is lossless",
    roles=ORGANIZERS,
    responses={200: "An .xlsx workbook", 400: "A filter value is not allowed"},
)


@bp.get("/questions/export.xlsx")
@roles_required(*ORGANIZER_ROLES)
def export_questions():
    filters = QuestionFilters.from_args(request.args)
    return send_workbook(lambda target: export_bank(filters, target), export_filename(filters))


document(
    "/questions/template.xlsx",
    "get",
    "The empty import template with its instructions sheet",
    roles=ORGANIZERS,
    responses={200: "An .xlsx workbook"},
)


@bp.get("/questions/template.xlsx")
@roles_required(*ORGANIZER_ROLES)
def question_template():
    return send_workbook(write_empty_template, "mau-ngan-hang-cau-hoi.xlsx")
