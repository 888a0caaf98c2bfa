"""Question bank services: create, validate, version, retire and restore questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.core import audit
from contest.core.errors import Conflict, NotFound
from contest.core.extensions import db
from questions.content import (
    LABELS,
    OptionInput,
    QuestionInput,
    content_key,
    question_fingerprint,
    validate_question,
)
from questions.importer.text import fold
from questions.models import Question, QuestionOption, QuestionType, QuestionVersion, Topic
from questions.topics import get_or_create_topic

_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u036f]")


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


def add_question(data: QuestionInput, *, created_by_id: int | None = None) -> Question:
    """A question typed in the editor or sent to the API, recorded in the audit log."""
    question = create_question(data, created_by_id=created_by_id)
    audit.record(
        "question.create",
        "question",
        question.id,
        after={"version": 1, "type": question.qtype.value, "topic": question.topic.name},
    )
    return question


def _new_version(
    data: QuestionInput,
    topic: Topic,
    number: int,
    created_by_id: int | None,
    note: str | None = None,
) -> QuestionVersion:
    fill_in = data.qtype == QuestionType.FILL_IN
    version = QuestionVersion(
        number=number,
        text=data.text.strip(),
        qtype=data.qtype,
        topic=topic,
        difficulty=data.difficulty,
        legal_basis=(data.legal_basis or "").strip() or None,
        explanation=(data.explanation or "").strip() or None,
        accepted_answers=data.accepted if fill_in else None,
        ignore_diacritics=bool(data.ignore_diacritics) and fill_in,
        points=None if data.points is None else float(data.points),
        created_by_id=created_by_id,
        change_note=note,
    )
    version.options = [
        QuestionOption(
            position=i,
            label=LABELS[i],
            text=o.text.strip(),
            is_correct=o.is_correct,
            feedback=(o.feedback or "").strip() or None,
        )
        for i, o in enumerate(data.filled_options)
    ]
    return version


def _search_text(data: QuestionInput) -> str:
    """Options, or for a fill-in question its accepted answers, are searched with the text."""
    fill_in = data.qtype == QuestionType.FILL_IN
    others = data.accepted if fill_in else [option.text for option in data.options]
    return search_text(data.text, others, data.legal_basis)


def input_from_version(version: QuestionVersion) -> QuestionInput:
    """The editable content of a stored version (the edit form starts from it)."""
    return QuestionInput(
        text=version.text,
        qtype=version.qtype,
        options=[OptionInput(o.text, o.is_correct, o.feedback) for o in version.options],
        topic=version.topic.name,
        difficulty=version.difficulty,
        legal_basis=version.legal_basis,
        explanation=version.explanation,
        answers=tuple(version.accepted_answers or ()),
        ignore_diacritics=version.ignore_diacritics,
        points=version.points,
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
    if content_key(data) == content_key(input_from_version(question.current)):
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
