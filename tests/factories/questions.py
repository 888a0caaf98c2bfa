"""Bank questions, and the organizer's corrections to them."""

from __future__ import annotations

from dataclasses import replace

from contest.core.extensions import db
from questions.models import (
    Difficulty,
    Question,
    QuestionOption,
    QuestionType,
    QuestionVersion,
)
from questions.services import OptionInput, QuestionInput, create_question
from tests.factories import next_number

LAW_DAY = QuestionInput(
    text="Ngày Pháp luật Việt Nam là ngày nào?",
    qtype=QuestionType.SINGLE,
    options=[OptionInput("Ngày 9 tháng 11", True), OptionInput("Ngày 2 tháng 9", False)],
    topic="Phổ biến pháp luật",
    difficulty=Difficulty.EASY,
    legal_basis="Điều 8 Luật PBGDPL 2012",
    explanation="Theo Điều 8.",
)


def _positions(correct: int | tuple[int, ...]) -> set[int]:
    return {correct} if isinstance(correct, int) else set(correct)


def gen_question(
    topic: str = "Hiến pháp",
    difficulty: str = "easy",
    qtype: str = "single",
    options: int = 4,
    correct: int | tuple[int, ...] = (0,),
    *,
    active: bool = True,
) -> Question:
    """A question whose correct options are the given positions (0 = A), with its legal basis;
    one not `active` is retired (no round draws it)."""
    n = next_number()
    right = _positions(correct)
    texts = (
        ["Đúng", "Sai"]
        if qtype == "true_false"
        else [f"Phương án {chr(65 + i)} của câu {n}" for i in range(options)]
    )
    question = create_question(
        QuestionInput(
            text=f"Câu hỏi số {n} về {topic}?",
            qtype=QuestionType(qtype),
            options=[OptionInput(text, i in right) for i, text in enumerate(texts)],
            topic=topic,
            difficulty=Difficulty(difficulty),
            legal_basis=f"Điều {n} Hiến pháp năm 2013",
            explanation=f"Giải thích cho câu {n}.",
        )
    )
    question.active = active
    db.session.flush()
    return question


def gen_version(question: Question, correct: int | tuple[int, ...]) -> QuestionVersion:
    """The organizer's correction: a new current version with the same options, another key."""
    right = _positions(correct)
    old = question.current
    version = QuestionVersion(
        number=question.version + 1,
        text=old.text,
        qtype=old.qtype,
        topic_id=old.topic_id,
        difficulty=old.difficulty,
        change_note="Sửa đáp án",
        options=[
            QuestionOption(
                position=o.position, label=o.label, text=o.text, is_correct=o.position in right
            )
            for o in old.options
        ],
    )
    question.versions.append(version)
    question.version = version.number
    db.session.flush()
    db.session.expire(question, ["current"])
    return version


def gen_question_from(data: QuestionInput = LAW_DAY, **changes) -> Question:
    """A question created as the organizer types it: `data` (the Law Day question unless
    given) with these fields changed."""
    question = create_question(replace(data, **changes))
    db.session.flush()
    return question
