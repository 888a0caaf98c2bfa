"""Building ParsedQuestions from checked cells, and the one-pass check that accepts clean rows.

quick_question is the hot path of a 10,000-row import: it accepts a clean row in one pass and
returns None for anything else, which RowChecks (``checks``) then words error by error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from questions.importer.answers import (
    CHOICE,
    FILL_IN,
    MEDIUM,
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
    AnswerProblem,
    parse_answer,
    parse_difficulty,
    parse_type,
    true_false_pair,
)
from questions.importer.headers import EXPLANATION, LEGAL_BASIS, LETTERS, QUESTION, TOPIC
from questions.importer.report import ParsedOption, ParsedQuestion
from questions.importer.text import digest

# Longest text per field, in characters (the topic limit is the database column's).
_MAX_QUESTION, _MAX_OPTION, _MAX_TOPIC, _MAX_NOTE = 2000, 1000, 200, 4000
LIMITS = {QUESTION: _MAX_QUESTION, "option": _MAX_OPTION, TOPIC: _MAX_TOPIC}
LIMITS |= {LEGAL_BASIS: _MAX_NOTE, EXPLANATION: _MAX_NOTE}
MAX_POINTS = 1000.0
_POINTS = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:điểm|diem|đ|d|pts?|points?)?\s*\.?\s*")

# Extras, in Layout order: type, level, topic, legal basis, explanation, multiple key, fill-in
# answers, points, ignore-diacritics flag.
TYPED, LEVEL, TOPIC_AT, LEGAL_AT, EXPLAIN_AT, MULTI_AT, FILL_AT, POINTS_AT, FLAG_AT = range(9)


def parse_points(text: str) -> float | None:
    """Points of a cell: "1", "0,5", "2 điểm"; None unless a number above 0 and up to 1000."""
    match = _POINTS.fullmatch(text.casefold())
    if match is None:
        return None
    value = float(match.group(1).replace(",", "."))
    return value if 0 < value <= MAX_POINTS and math.isfinite(value) else None


def pick_key(answer: str, multi: str, declared: str | None) -> tuple[str, bool]:
    """The key cell to read and whether it is the multiple-answer column's."""
    if multi and (not answer or declared == MULTIPLE):
        return multi, True
    return answer, False


def quick_question(
    sheet: str, line: int, question: str, options: list[str], answer: str, extras: list[str]
) -> ParsedQuestion | None:
    """A clean row in one pass; None sends the row to RowChecks, which words every error."""
    typed, level, topic, legal_basis, explanation, multi, fill, points, flag = extras
    if fill or flag or len(options) < 2:
        return None
    if multi:
        answer, _ = pick_key(answer, multi, parse_type(typed) if typed else None)
    if (
        not question
        or not answer
        or len(question) > _MAX_QUESTION
        or max(map(len, options)) > _MAX_OPTION
    ):
        return None
    if len(topic) > _MAX_TOPIC or len(legal_basis) > _MAX_NOTE or len(explanation) > _MAX_NOTE:
        return None
    filled = [letter for letter, option in enumerate(options) if option]
    try:
        correct = parse_answer(answer, options)
    except AnswerProblem:
        return None
    if len(filled) < 2:
        return None
    for index in correct:
        if index >= len(options) or not options[index]:
            return None
    if typed:
        qtype = parse_type(typed)
        if qtype is None:
            return None
        if qtype == CHOICE:
            qtype = MULTIPLE if len(correct) > 1 else SINGLE
    else:
        qtype = TRUE_FALSE if true_false_pair(options) else MULTIPLE if len(correct) > 1 else SINGLE
    difficulty = parse_difficulty(level) if level else MEDIUM
    if difficulty is None or qtype not in (SINGLE, MULTIPLE, TRUE_FALSE):
        return None
    if (qtype != MULTIPLE and len(correct) > 1) or (qtype == TRUE_FALSE and len(filled) != 2):
        return None
    value = parse_points(points) if points else None
    if points and value is None:
        return None
    return build_question(
        sheet, line, question, qtype, options, filled, correct, difficulty, extras, value
    )


def infer_type(options: Sequence[str], correct: Collection[int], choice_only: bool) -> str:
    """The type a row without one has: a Đúng/Sai pair, several keys, or one."""
    if not choice_only and true_false_pair(options):
        return TRUE_FALSE
    return MULTIPLE if len(correct) > 1 else SINGLE


def build_question(
    sheet: str,
    line: int,
    question: str,
    qtype: str,
    options: list[str],
    filled: list[int],
    correct: Collection[int],
    difficulty: str,
    extras: list[str],
    points: float | None,
) -> ParsedQuestion:
    """A ParsedQuestion from checked cells; the topic in extras is already resolved."""
    # The fields are checked: fill the frozen instances directly, at a third of __init__'s cost.
    built = []
    for label, index in zip(LETTERS, filled, strict=False):
        option = _new(ParsedOption)
        fields = {"label": label, "text": options[index], "is_correct": index in correct}
        _set(option, "__dict__", fields)
        built.append(option)
    parsed = _new(ParsedQuestion)
    _set(
        parsed,
        "__dict__",
        {
            "sheet": sheet,
            "row": line,
            "text": question,
            "qtype": qtype,
            "options": tuple(built),
            "topic": extras[TOPIC_AT],
            "difficulty": difficulty,
            "legal_basis": extras[LEGAL_AT] or None,
            "explanation": extras[EXPLAIN_AT] or None,
            "fingerprint": digest(question, [options[index] for index in filled]),
            "points": points,
            "answers": (),
            "ignore_diacritics": False,
        },
    )
    return parsed


def build_fill_in(
    sheet: str,
    line: int,
    question: str,
    answers: list[str],
    ignore_diacritics: bool,
    difficulty: str,
    extras: list[str],
    points: float | None,
) -> ParsedQuestion:
    """A fill-in ParsedQuestion: no options, the accepted answers standing in for them."""
    parsed = _new(ParsedQuestion)
    _set(
        parsed,
        "__dict__",
        {
            "sheet": sheet,
            "row": line,
            "text": question,
            "qtype": FILL_IN,
            "options": (),
            "topic": extras[TOPIC_AT],
            "difficulty": difficulty,
            "legal_basis": extras[LEGAL_AT] or None,
            "explanation": extras[EXPLAIN_AT] or None,
            "fingerprint": digest(question, answers),
            "points": points,
            "answers": tuple(answers),
            "ignore_diacritics": ignore_diacritics,
        },
    )
    return parsed


_new = object.__new__
_set = object.__setattr__
