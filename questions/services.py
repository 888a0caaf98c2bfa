"""Question bank services: create, version, retire and restore questions; topic counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.errors import InvalidInput, NotFound
from contest.extensions import db
from questions.importer.text import fingerprint, fold
from questions.models import (
    Difficulty,
    Question,
    QuestionOption,
    QuestionType,
    QuestionVersion,
    Topic,
)

LABELS = "ABCDEFGHIJ"


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
    if not data.topic.strip():
        errors["topic"] = str(_l("Vui lòng nhập chủ đề."))
    if errors:
        raise InvalidInput.for_fields(errors)


def get_or_create_topic(name: str) -> Topic:
    name = " ".join(name.split())
    topic = db.session.scalar(select(Topic).where(Topic.name == name))
    if topic is None:
        topic = Topic(name=name)
        db.session.add(topic)
        db.session.flush()
    return topic


def question_fingerprint(data: QuestionInput) -> str:
    return fingerprint(data.text, [o.text for o in data.options if o.text.strip()])


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


def _new_version(data: QuestionInput, topic: Topic, number: int, created_by_id: int | None,
                 note: str | None = None) -> QuestionVersion:
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
    """What the diacritics-insensitive search looks in: question, options, legal basis."""
    parts = [data.text, *(o.text for o in data.options), data.legal_basis or ""]
    return fold(" ".join(parts))


def known_fingerprints() -> set[str]:
    """Fingerprints of every question in the bank, to skip duplicates on import."""
    return set(db.session.scalars(select(Question.fingerprint)))


def get_question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound()
    return question


def topic_counts(active_only: bool = True) -> dict[str, dict[str, int]]:
    """{topic: {difficulty: count}} — what round blueprints can draw from."""
    query = (
        select(Topic.name, Question.difficulty, func.count())
        .join(Question, Question.topic_id == Topic.id)
        .group_by(Topic.name, Question.difficulty)
    )
    if active_only:
        query = query.where(Question.active.is_(True))
    matrix: dict[str, dict[str, int]] = {}
    for topic, difficulty, count in db.session.execute(query):
        matrix.setdefault(topic, {d.value: 0 for d in Difficulty})[Difficulty(difficulty).value] = count
    return matrix


def create_many(items: Iterable[QuestionInput], **kwargs) -> list[Question]:
    return [create_question(item, **kwargs) for item in items]
