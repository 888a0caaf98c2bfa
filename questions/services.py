"""Question bank services: create, validate, version, retire and restore questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.core import audit
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from questions.importer.checks import LIMITS
from questions.importer.headers import EXPLANATION, LEGAL_BASIS, QUESTION
from questions.importer.text import fingerprint, fold
from questions.models import (
    Difficulty,
    Question,
    QuestionOption,
    QuestionType,
    QuestionVersion,
    Topic,
)
from questions.topics import TOPIC_MAX_LENGTH, get_or_create_topic, topic_name

LABELS = "ABCDEFGHIJ"
_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u036f]")


@dataclass(frozen=True)
class OptionInput:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class QuestionInput:
    """Everything that makes up a version of a question."""

    text: str
    qtype: QuestionType
    options: Sequence[OptionInput]
    topic: str
    difficulty: Difficulty
    legal_basis: str | None = None
    explanation: str | None = None


def validate_question(data: QuestionInput) -> None:
    """The same rules the importer applies, for questions typed in the bank editor."""
    errors: dict[str, str] = {}
    if not data.text.strip():
        errors["text"] = str(_l("Vui lòng nhập nội dung câu hỏi."))
    options = [o for o in data.options if o.text.strip()]
    correct = sum(o.is_correct for o in options)
    if not 2 <= len(options) <= len(LABELS):
        errors["options"] = str(_l("Câu hỏi cần từ 2 đến 10 phương án."))
    elif correct == 0:
        errors["options"] = str(_l("Chưa chọn đáp án đúng."))
    elif data.qtype != QuestionType.MULTIPLE and correct > 1:
        errors["options"] = str(_l("Câu hỏi một đáp án chỉ được có một đáp án đúng."))
    elif data.qtype == QuestionType.TRUE_FALSE and len(options) != 2:
        errors["options"] = str(_l("Câu hỏi Đúng/Sai phải có đúng hai phương án."))
    _check_lengths(data, errors)
    if not data.topic.strip():
        errors["topic"] = str(_l("Vui lòng nhập chủ đề."))
    elif len(topic_name(data.topic)) > TOPIC_MAX_LENGTH:
        errors["topic"] = str(_l("Tên chủ đề tối đa %(n)s ký tự.", n=TOPIC_MAX_LENGTH))
    if errors:
        raise InvalidInput.for_fields(errors)


def _check_lengths(data: QuestionInput, errors: dict[str, str]) -> None:
    """The importer's length limits: an edited question must survive export and re-import."""
    fields = (
        ("text", data.text, LIMITS[QUESTION]),
        ("legal_basis", data.legal_basis or "", LIMITS[LEGAL_BASIS]),
        ("explanation", data.explanation or "", LIMITS[EXPLANATION]),
    )
    for field, value, limit in fields:
        if len(value.strip()) > limit:
            errors[field] = str(
                _l("Tối đa %(n)s ký tự (hiện có %(m)s).", n=limit, m=len(value.strip()))
            )
    if any(len(o.text.strip()) > LIMITS["option"] for o in data.options):
        errors["options"] = str(_l("Mỗi phương án tối đa %(n)s ký tự.", n=LIMITS["option"]))


def question_fingerprint(data: QuestionInput) -> str:
    return fingerprint(data.text, [o.text for o in data.options if o.text.strip()])


def search_text(text: str, options: Iterable[str], legal_basis: str | None) -> str:
    """What the diacritics-insensitive search looks in: question, options, legal basis."""
    return search_fold(" ".join([text, *options, legal_basis or ""]))


def search_fold(text: str) -> str:
    """fold(text), twice as fast on the usual Vietnamese text (imports fold every question).

    After NFD, a text whose only non-ASCII characters are combining marks loses exactly those
    marks when encoded as ASCII; any other text goes through fold() itself.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text).lower().replace("đ", "d")
        if _NOT_ASCII_OR_MARK.search(decomposed) is None:
            return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").split())
    return fold(text)


def create_question(
    data: QuestionInput, *, import_id: int | None = None, created_by_id: int | None = None
) -> Question:
    """Create a question with its first version."""
    validate_question(data)
    topic = get_or_create_topic(data.topic)
    question = Question(
        topic=topic,
        difficulty=data.difficulty,
        qtype=data.qtype,
        version=1,
        fingerprint=question_fingerprint(data),
        search_text=_search_text(data),
        import_id=import_id,
    )
    question.versions.append(_new_version(data, topic, 1, created_by_id))
    db.session.add(question)
    db.session.flush()
    return question


def _new_version(
    data: QuestionInput,
    topic: Topic,
    number: int,
    created_by_id: int | None,
    note: str | None = None,
) -> QuestionVersion:
    version = QuestionVersion(
        number=number,
        text=data.text.strip(),
        qtype=data.qtype,
        topic=topic,
        difficulty=data.difficulty,
        legal_basis=(data.legal_basis or "").strip() or None,
        explanation=(data.explanation or "").strip() or None,
        created_by_id=created_by_id,
        change_note=note,
    )
    options = [o for o in data.options if o.text.strip()]
    version.options = [
        QuestionOption(position=i, label=LABELS[i], text=o.text.strip(), is_correct=o.is_correct)
        for i, o in enumerate(options)
    ]
    return version


def _search_text(data: QuestionInput) -> str:
    return search_text(data.text, (o.text for o in data.options), data.legal_basis)


def input_from_version(version: QuestionVersion) -> QuestionInput:
    """The editable content of a stored version (the edit form starts from it)."""
    return QuestionInput(
        text=version.text,
        qtype=version.qtype,
        options=[OptionInput(o.text, o.is_correct) for o in version.options],
        topic=version.topic.name,
        difficulty=version.difficulty,
        legal_basis=version.legal_basis,
        explanation=version.explanation,
    )


def edit_question(
    question: Question,
    data: QuestionInput,
    *,
    note: str | None = None,
    editor_id: int | None = None,
    expected_version: int | None = None,
) -> bool:
    """Save an edit as a new version; old versions (and their option ids) stay untouched.

    Returns False when the content is unchanged, in which case nothing is written.
    """
    if expected_version is not None and expected_version != question.version:
        raise Conflict(
            _l(
                "Câu hỏi vừa được sửa thành phiên bản %(n)s. Hãy tải lại trang rồi sửa lại.",
                n=question.version,
            ),
            code="version_conflict",
        )
    validate_question(data)
    if _content(data) == _content(input_from_version(question.current)):
        return False
    before = question.version
    topic = get_or_create_topic(data.topic)
    note = (note or "").strip()[:500] or None
    question.versions.append(_new_version(data, topic, before + 1, editor_id, note))
    question.version = before + 1
    question.topic = topic
    question.difficulty = data.difficulty
    question.qtype = data.qtype
    question.fingerprint = question_fingerprint(data)
    question.search_text = _search_text(data)
    db.session.flush()
    db.session.expire(question, ["current"])
    audit.record(
        "question.edit",
        "question",
        question.id,
        before={"version": before},
        after={"version": question.version},
        reason=note,
    )
    return True


def _content(data: QuestionInput) -> tuple:
    options = tuple((o.text.strip(), bool(o.is_correct)) for o in data.options if o.text.strip())
    return (
        data.text.strip(),
        QuestionType(data.qtype),
        options,
        topic_name(data.topic).casefold(),
        Difficulty(data.difficulty),
        (data.legal_basis or "").strip(),
        (data.explanation or "").strip(),
    )


def set_active(question: Question, active: bool) -> bool:
    """Retire (active=False) or restore a question; False when it already was in that state."""
    if question.active == active:
        return False
    question.active = active
    db.session.flush()
    audit.record(
        "question.restore" if active else "question.retire",
        "question",
        question.id,
        before={"active": not active},
        after={"active": active},
    )
    return True


def known_fingerprints() -> set[str]:
    """Fingerprints of every question in the bank, to skip duplicates on import."""
    return set(db.session.scalars(select(Question.fingerprint)))


def get_question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(_l("Không tìm thấy câu hỏi."))
    return question


def create_many(items: Iterable[QuestionInput], **kwargs) -> list[Question]:
    return [create_question(item, **kwargs) for item in items]
