"""Building practice banks and answering practice questions in tests."""

from __future__ import annotations

from contest.core.extensions import db
from contest.practice.eligibility import mark
from questions.models import Question
from tests.factories.questions import gen_question


def practice_bank(
    topic: str, size: int, *, marked: bool = True, legal_basis: str | None = None, **kinds
) -> list[Question]:
    """`size` questions of a topic (legal basis "Điều n Hiến pháp năm 2013" unless given),
    marked for practice unless asked otherwise."""
    questions = [gen_question(topic, **kinds) for _ in range(size)]
    if legal_basis is not None:
        for question in questions:
            question.current.legal_basis = legal_basis
    if marked:
        mark(question_ids=[q.id for q in questions], eligible=True)
    db.session.flush()
    return questions


def right(item) -> list[int]:
    """The correct options of a practice item (the version shown)."""
    return sorted(o.id for o in item.version.options if o.is_correct)


def wrong(item) -> list[int]:
    return [next(o.id for o in item.version.options if not o.is_correct)]
