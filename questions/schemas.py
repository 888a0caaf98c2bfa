"""JSON shapes of the question bank on the API, and reading an edit's JSON body."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.api import string_field
from contest.core.errors import InvalidInput
from contest.core.i18n import display_zone
from questions.models import Difficulty, Question, QuestionImport, QuestionType, QuestionVersion
from questions.services import OptionInput, QuestionInput


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam time, with its +07:00 offset."""
    return value.astimezone(display_zone()).isoformat() if value else None


def person(user) -> dict[str, Any] | None:
    return {"id": user.id, "full_name": user.full_name} if user is not None else None


def option_json(option) -> dict[str, Any]:
    return {
        "id": option.id,
        "label": option.label,
        "text": option.text,
        "is_correct": option.is_correct,
    }


def version_json(version: QuestionVersion) -> dict[str, Any]:
    """One stored version, as the history shows it."""
    return {
        "number": version.number,
        "text": version.text,
        "type": version.qtype.value,
        "options": [option_json(option) for option in version.options],
        "topic": version.topic.name,
        "difficulty": version.difficulty.value,
        "legal_basis": version.legal_basis,
        "explanation": version.explanation,
        "change_note": version.change_note,
        "created_at": iso(version.created_at),
        "created_by": person(version.created_by),
    }


def question_json(question: Question) -> dict[str, Any]:
    """A question as docs/API.md lists it: its current version's content."""
    version = question.current
    return {
        "id": question.id,
        "version": question.version,
        "text": version.text,
        "type": question.qtype.value,
        "options": [option_json(option) for option in version.options],
        "topic": question.topic.name,
        "difficulty": question.difficulty.value,
        "legal_basis": version.legal_basis,
        "explanation": version.explanation,
        "active": question.active,
        "import_id": question.import_id,
    }


def import_json(record: QuestionImport, undoable: bool) -> dict[str, Any]:
    return {
        "id": record.id,
        "filename": record.filename,
        "sha256": record.sha256,
        "created_at": iso(record.created_at),
        "created_by": person(record.created_by),
        "imported": record.imported,
        "duplicates": record.duplicates,
        "error_count": record.error_count,
        "accept_partial": record.accept_partial,
        "undone_at": iso(record.undone_at),
        "undone_by": person(record.undone_by),
        "undoable": undoable,
    }


def page_json(page, items: list[Any]) -> dict[str, Any]:
    return {"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}


TEXT_FIELDS = ("text", "topic", "legal_basis", "explanation")
ENUM_FIELDS = (("type", "qtype", QuestionType), ("difficulty", "difficulty", Difficulty))


def edited_input(current: QuestionInput, body: dict[str, Any]) -> QuestionInput:
    """The current content with the body's fields replacing it; 400 naming each bad field."""
    changes: dict[str, Any] = {
        name: string_field(body, name) for name in TEXT_FIELDS if name in body
    }
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
        raw = body["options"]
        if isinstance(raw, list) and all(isinstance(option, dict) for option in raw):
            changes["options"] = [
                OptionInput(string_field(option, "text"), option.get("is_correct") is True)
                for option in raw
            ]
        else:
            errors["options"] = str(_l("Phương án phải là danh sách {text, is_correct}."))
    if errors:
        raise InvalidInput.for_fields(errors)
    return replace(current, **changes)
