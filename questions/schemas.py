"""What the question bank's API reads and answers: imports, questions and their versions, topics.

Query strings and form fields are read as text and checked by the bank's own parsers
(`QuestionFilters.from_args`, `paging`, `parse_bool`), which name the bad field in Vietnamese
and accept what the bank always has ("có", "all", an empty value); the schemas document them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from contest.core.api.schemas import (
    MAX_INT,
    ApiSchema,
    Bool,
    Computed,
    Count,
    Enum,
    Float,
    Id,
    Int,
    LenientSchema,
    List,
    Nested,
    Text,
)
from contest.core.errors import InvalidInput
from contest.core.i18n import display_zone
from questions.importer.fill_in import MAX_ANSWERS
from questions.models import Difficulty, QuestionType
from questions.search import MAX_PER_PAGE
from questions.services import LABELS, OptionInput, QuestionInput

DIFFICULTIES = [difficulty.value for difficulty in Difficulty]
TYPES = [qtype.value for qtype in QuestionType]
FLAG = {"type": "boolean"}  # read by parse_bool: true/false, 1/0, yes/no, có/không; empty = false


class LocalTime(fields.DateTime):
    """An instant in Vietnam time with its +07:00 offset, as the bank's answers give it."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs) -> str | None:
        return value.astimezone(display_zone()).isoformat() if value else None


# --- requests -----------------------------------------------------------------------------------


class QuestionFilterArgs(LenientSchema):
    """The filters of the question list and the export; empty values do not filter."""

    topic = Text(metadata={"description": "A topic's name (case and diacritics ignored) or id"})
    difficulty = Text(metadata={"enum": DIFFICULTIES})
    type = Text(metadata={"enum": TYPES})
    q = Text(metadata={"description": "Words that must all appear, diacritics ignored"})
    active = Text(metadata={**FLAG, "description": "true: in use; false: retired"})
    import_ = Text(
        data_key="import",
        attribute="import",
        metadata={
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_INT,
            "description": "Only one import's questions",
        },
    )


class PageQueryArgs(LenientSchema):
    """?page=1&per_page=50 (per_page at most 200)."""

    page = Text(metadata={"type": "integer", "minimum": 1, "maximum": MAX_INT, "default": 1})
    per_page = Text(
        metadata={"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 50}
    )


class QuestionListArgs(QuestionFilterArgs, PageQueryArgs):
    """The filters and the page of the question list."""


class QuestionOptionEditSchema(LenientSchema):
    text = Text(allow_none=True)
    is_correct = Bool(allow_none=True)
    feedback = Text(allow_none=True, metadata={"description": "Shown when this option is chosen"})


OPTIONS_SHAPE = _l("Phương án phải là danh sách {text, is_correct}.")


class OptionList(List):
    """The options of an edit: a list of {text, is_correct} objects, or one error for the field."""

    default_error_messages = {**List.default_error_messages, "invalid": OPTIONS_SHAPE}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class QuestionEditSchema(LenientSchema):
    """The fields given replace the current version's; the others stay as they are."""

    text = Text(allow_none=True)
    type = Text(allow_none=True, metadata={"enum": TYPES})
    options = OptionList(
        Nested(QuestionOptionEditSchema),
        allow_none=True,
        metadata={"minItems": 2, "maxItems": len(LABELS)},
    )
    topic = Text(allow_none=True)
    difficulty = Text(allow_none=True, metadata={"enum": DIFFICULTIES})
    legal_basis = Text(allow_none=True)
    explanation = Text(allow_none=True)
    accepted_answers = List(
        Text(),
        allow_none=True,
        metadata={
            "maxItems": MAX_ANSWERS,
            "description": "fill_in: the accepted answers (compared ignoring case and spaces)",
        },
    )
    ignore_diacritics = Bool(
        allow_none=True, metadata={"description": "fill_in: accept an answer typed without marks"}
    )
    points = Float(
        allow_none=True,
        metadata={
            "minimum": 0,
            "exclusiveMinimum": True,
            "maximum": 1000,
            "description": "The question's own points; null: the round's scoring",
        },
    )
    change_note = Text(allow_none=True)
    version = Int(allow_none=True, metadata={"description": "The version edited; 409 if stale"})


class QuestionCreateSchema(QuestionEditSchema):
    """A new question: text, type, options (or accepted answers), topic are needed."""

    text = Text(required=True)
    type = Text(required=True, metadata={"enum": TYPES})
    topic = Text(required=True)


TEXT_FIELDS = ("text", "topic", "legal_basis", "explanation")
ENUM_FIELDS = (("type", "qtype", QuestionType), ("difficulty", "difficulty", Difficulty))
BLANK = QuestionInput("", QuestionType.SINGLE, [], "", Difficulty.MEDIUM)


def edited_input(current: QuestionInput, body: dict[str, Any]) -> QuestionInput:
    """The current content with the body's fields replacing it; 400 naming each bad field.

    Changing the type to or from fill-in drops what the new type does not use (the options, or
    the accepted answers) unless the body gives it.
    """
    changes: dict[str, Any] = {name: body[name] or "" for name in TEXT_FIELDS if name in body}
    errors: dict[str, str] = {}
    for name, attribute, enum_cls in ENUM_FIELDS:
        if name in body:
            try:
                changes[attribute] = enum_cls(body[name])
            except (ValueError, TypeError):
                allowed = ", ".join(member.value for member in enum_cls)
                errors[name] = str(
                    _l("Giá trị không hợp lệ; dùng một trong: %(allowed)s.", allowed=allowed)
                )
    if "options" in body:
        if body["options"] is None:
            errors["options"] = str(OPTIONS_SHAPE)
        else:
            changes["options"] = [
                OptionInput(
                    option.get("text") or "",
                    option.get("is_correct") is True,
                    option.get("feedback") or None,
                )
                for option in body["options"]
            ]
    if "accepted_answers" in body:
        changes["answers"] = tuple(body["accepted_answers"] or ())
    if "ignore_diacritics" in body:
        changes["ignore_diacritics"] = body["ignore_diacritics"] is True
    if "points" in body:
        changes["points"] = body["points"]
    if errors:
        raise InvalidInput.for_fields(errors)
    return _switched_type(current, replace(current, **changes), body)


def _switched_type(before: QuestionInput, after: QuestionInput, body: dict) -> QuestionInput:
    fill_in = QuestionType.FILL_IN
    if after.qtype == fill_in and before.qtype != fill_in and "options" not in body:
        return replace(after, options=[])
    if after.qtype != fill_in and before.qtype == fill_in and "accepted_answers" not in body:
        return replace(after, answers=(), ignore_diacritics=False)
    return after


# --- answers ------------------------------------------------------------------------------------


class AuthorSchema(ApiSchema):
    id = Id(required=True)
    full_name = Text(required=True)


class QuestionOptionSchema(ApiSchema):
    id = Id(required=True)
    label = Text(required=True)
    text = Text(required=True)
    is_correct = Bool(required=True)
    feedback = Text(required=True, allow_none=True)


class QuestionSchema(ApiSchema):
    """A question as its current version has it."""

    id = Id(required=True)
    version = Count(required=True)
    text = Text(required=True, attribute="current.text")
    type = Enum(QuestionType, required=True, attribute="qtype")
    options = Nested(QuestionOptionSchema, many=True, required=True, attribute="current.options")
    topic = Text(required=True, attribute="topic.name")
    difficulty = Enum(Difficulty, required=True)
    legal_basis = Text(required=True, allow_none=True, attribute="current.legal_basis")
    explanation = Text(required=True, allow_none=True, attribute="current.explanation")
    accepted_answers = Computed(
        lambda question: list(question.current.accepted_answers or []),
        "array",
        required=True,
        metadata={
            "items": {"type": "string"},
            "description": "fill_in: the accepted answers; [] for the other types",
        },
    )
    ignore_diacritics = Bool(required=True, attribute="current.ignore_diacritics")
    points = Float(
        required=True,
        allow_none=True,
        attribute="current.points",
        metadata={"description": "null: the round's scoring decides"},
    )
    active = Bool(required=True)
    import_id = Id(required=True, allow_none=True)


class QuestionVersionSchema(ApiSchema):
    """One stored version, as the history shows it."""

    number = Count(required=True)
    text = Text(required=True)
    type = Enum(QuestionType, required=True, attribute="qtype")
    options = Nested(QuestionOptionSchema, many=True, required=True)
    topic = Text(required=True, attribute="topic.name")
    difficulty = Enum(Difficulty, required=True)
    legal_basis = Text(required=True, allow_none=True)
    explanation = Text(required=True, allow_none=True)
    accepted_answers = Computed(
        lambda version: list(version.accepted_answers or []),
        "array",
        required=True,
        metadata={"items": {"type": "string"}},
    )
    ignore_diacritics = Bool(required=True)
    points = Float(required=True, allow_none=True)
    change_note = Text(required=True, allow_none=True)
    created_at = LocalTime(required=True)
    created_by = Nested(AuthorSchema, required=True, allow_none=True)


class QuestionDetailSchema(QuestionSchema):
    versions = Nested(
        QuestionVersionSchema, many=True, required=True, metadata={"description": "Oldest first"}
    )


class DifficultyCountsSchema(ApiSchema):
    easy = Count(required=True)
    medium = Count(required=True)
    hard = Count(required=True)


class TopicSchema(ApiSchema):
    """A topic with its active questions per difficulty."""

    id = Id(required=True)
    name = Text(required=True)
    counts = Nested(DifficultyCountsSchema, required=True)
