"""The question bank on the API: questions, topics, files (the imports: questions.imports.api)."""

from __future__ import annotations

from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint, binary_response
from contest.core.api.schemas import page_of
from questions import services
from questions.exports import (
    XLSX_MIMETYPE,
    export_bank,
    export_filename,
    send_download,
    send_workbook,
)
from questions.exports import moodle as moodle_export
from questions.exports.template import write_empty_template
from questions.schemas import (
    BLANK,
    QuestionCreateSchema,
    QuestionDetailSchema,
    QuestionEditSchema,
    QuestionFilterArgs,
    QuestionListArgs,
    QuestionSchema,
    TopicSchema,
    edited_input,
)
from questions.search import (
    QuestionFilters,
    paginate,
    paging,
    question_select,
)
from questions.topics import topic_summaries

bp = ApiBlueprint("questions", __name__, "The question bank: imports, questions, topics, files")
NOT_FOUND = {404: "not_found"}
XLSX = binary_response(XLSX_MIMETYPE)


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
