"""Vietnamese names of the bank's enumerations (the API and the files use the English values)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questions.models import Difficulty, QuestionType

TYPE_LABELS = {
    QuestionType.SINGLE: _l("Một đáp án"),
    QuestionType.MULTIPLE: _l("Nhiều đáp án"),
    QuestionType.TRUE_FALSE: _l("Đúng/Sai"),
}
DIFFICULTY_LABELS = {
    Difficulty.EASY: _l("Dễ"),
    Difficulty.MEDIUM: _l("Trung bình"),
    Difficulty.HARD: _l("Khó"),
}
ENCODING_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def type_label(value: str | QuestionType) -> str:
    return str(TYPE_LABELS.get(QuestionType(value), value))


def difficulty_label(value: str | Difficulty) -> str:
    return str(DIFFICULTY_LABELS.get(Difficulty(value), value))


def encoding_label(value: str) -> str:
    return ENCODING_LABELS.get(value, value)
