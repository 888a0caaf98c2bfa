"""What makes up a version of a question, and the rules it must follow to be saved.

The editor, the API and the demo data build a QuestionInput; ``validate_question`` applies the
importer's rules to it, so a question typed in the bank survives export and re-import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from contest.core.errors import InvalidInput
from questions.importer.build import MAX_POINTS
from questions.importer.checks import LIMITS
from questions.importer.fill_in import MAX_ANSWER_LENGTH, MAX_ANSWERS, normalise
from questions.importer.headers import EXPLANATION, LEGAL_BASIS, QUESTION
from questions.importer.text import fingerprint
from questions.models import Difficulty, QuestionType
from questions.topics import TOPIC_MAX_LENGTH, topic_name

LABELS = "ABCDEFGHIJ"
# The import template separates accepted answers with these, so no answer may contain one.
_ANSWER_SEPARATORS = re.compile(r"[|;\n\r]")


@dataclass(frozen=True)
class OptionInput:
    text: str
    is_correct: bool
    feedback: str | None = None


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
    answers: Sequence[str] = ()  # fill-in: the accepted answers
    ignore_diacritics: bool = False  # fill-in: an answer typed without diacritics counts too
    points: float | None = None  # None: the round's scoring decides

    @property
    def filled_options(self) -> list[OptionInput]:
        return [option for option in self.options if option.text.strip()]

    @property
    def accepted(self) -> list[str]:
        """The accepted answers as stored: trimmed, blanks and repeats dropped."""
        seen: dict[str, str] = {}
        for answer in self.answers:
            text = answer.strip()
            if not _ANSWER_SEPARATORS.search(text):  # else left as typed, for validation to name
                text = " ".join(text.split())
            if text and normalise(text) not in seen:
                seen[normalise(text)] = text
        return list(seen.values())


def validate_question(data: QuestionInput) -> None:
    """The same rules the importer applies, for questions typed in the bank editor or the API."""
    errors: dict[str, str] = {}
    if not data.text.strip():
        errors["text"] = str(_l("Vui lòng nhập nội dung câu hỏi."))
    if data.qtype == QuestionType.FILL_IN:
        _check_fill_in(data, errors)
    else:
        _check_options(data, errors)
    _check_lengths(data, errors)
    if not data.topic.strip():
        errors["topic"] = str(_l("Vui lòng nhập chủ đề."))
    elif len(topic_name(data.topic)) > TOPIC_MAX_LENGTH:
        errors["topic"] = str(_l("Tên chủ đề tối đa %(n)s ký tự.", n=TOPIC_MAX_LENGTH))
    if data.points is not None and not (
        math.isfinite(data.points) and 0 < data.points <= MAX_POINTS
    ):
        errors["points"] = str(
            _l("Điểm phải là một số dương đến %(n)s, ví dụ 1 hoặc 0,5.", n=int(MAX_POINTS))
        )
    if errors:
        raise InvalidInput.for_fields(errors)


def _check_options(data: QuestionInput, errors: dict[str, str]) -> None:
    options = data.filled_options
    correct = sum(o.is_correct for o in options)
    if not 2 <= len(options) <= len(LABELS):
        errors["options"] = str(_l("Câu hỏi cần từ 2 đến 10 phương án."))
    elif correct == 0:
        errors["options"] = str(_l("Chưa chọn đáp án đúng."))
    elif data.qtype != QuestionType.MULTIPLE and correct > 1:
        errors["options"] = str(_l("Câu hỏi một đáp án chỉ được có một đáp án đúng."))
    elif data.qtype == QuestionType.TRUE_FALSE and len(options) != 2:
        errors["options"] = str(_l("Câu hỏi Đúng/Sai phải có đúng hai phương án."))
    if data.accepted:
        errors["answers"] = str(
            _l("Chỉ câu điền từ có đáp án điền từ; hãy xoá chúng hoặc đổi loại câu hỏi.")
        )


def _check_fill_in(data: QuestionInput, errors: dict[str, str]) -> None:
    if data.filled_options:
        errors["options"] = str(
            _l("Câu điền từ không dùng phương án: hãy xoá các phương án hoặc đổi loại câu hỏi.")
        )
    answers = data.accepted
    if not answers:
        errors["answers"] = str(_l("Câu điền từ cần ít nhất một đáp án được chấp nhận."))
    elif len(answers) > MAX_ANSWERS:
        errors["answers"] = str(_l("Tối đa %(n)s đáp án được chấp nhận.", n=MAX_ANSWERS))
    elif any(_ANSWER_SEPARATORS.search(answer) for answer in answers):
        errors["answers"] = str(
            _l("Mỗi đáp án ghi trên một dòng; trong đáp án không dùng dấu | hoặc ;.")
        )
    elif any(len(answer) > MAX_ANSWER_LENGTH for answer in answers):
        errors["answers"] = str(_l("Mỗi đáp án tối đa %(n)s ký tự.", n=MAX_ANSWER_LENGTH))


def _check_lengths(data: QuestionInput, errors: dict[str, str]) -> None:
    """The importer's length limits: an edited question must survive export and re-import."""
    fields = (
        ("text", data.text, LIMITS[QUESTION]),
        ("legal_basis", data.legal_basis or "", LIMITS[LEGAL_BASIS]),
        ("explanation", data.explanation or "", LIMITS[EXPLANATION]),
    )
    for field, value, limit in fields:
        if len(value.strip()) > limit and field not in errors:
            errors[field] = str(
                _l("Tối đa %(n)s ký tự (hiện có %(m)s).", n=limit, m=len(value.strip()))
            )
    if any(len(o.text.strip()) > LIMITS["option"] for o in data.options):
        errors["options"] = str(_l("Mỗi phương án tối đa %(n)s ký tự.", n=LIMITS["option"]))
    elif any(len((o.feedback or "").strip()) > LIMITS[EXPLANATION] for o in data.options):
        errors["options"] = str(
            _l("Phản hồi của mỗi phương án tối đa %(n)s ký tự.", n=LIMITS[EXPLANATION])
        )


def question_fingerprint(data: QuestionInput) -> str:
    """The importer's fingerprint: text and options, or text and accepted answers (fill-in)."""
    if data.qtype == QuestionType.FILL_IN:
        return fingerprint(data.text, data.accepted)
    return fingerprint(data.text, [o.text for o in data.filled_options])


def content_key(data: QuestionInput) -> tuple:
    """What a version holds, compared to tell whether an edit changes anything."""
    options = tuple(
        (o.text.strip(), bool(o.is_correct), (o.feedback or "").strip())
        for o in data.filled_options
    )
    fill_in = QuestionType(data.qtype) == QuestionType.FILL_IN
    return (
        data.text.strip(),
        QuestionType(data.qtype),
        options,
        topic_name(data.topic).casefold(),
        Difficulty(data.difficulty),
        (data.legal_basis or "").strip(),
        (data.explanation or "").strip(),
        tuple(data.accepted),
        bool(data.ignore_diacritics) and fill_in,
        None if data.points is None else float(data.points),
    )
