"""The checks of one question row: a one-pass check for clean rows, a thorough one for the rest.

quick_question accepts a clean row cheaply; a row it turns down goes to RowChecks, which runs
every check again to find and word each error by its cell.
"""

from __future__ import annotations

from collections.abc import Collection

from questions.importer import errors
from questions.importer.answers import (
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
from questions.importer.errors import RowError, row_message, shorten
from questions.importer.headers import EXPLANATION, LEGAL_BASIS, LETTERS, QUESTION, TOPIC, Layout
from questions.importer.reader import Sheet
from questions.importer.report import ParsedOption, ParsedQuestion
from questions.importer.text import digest

# Longest text per field, in characters (the topic limit is the database column's).
_MAX_QUESTION, _MAX_OPTION, _MAX_TOPIC, _MAX_NOTE = 2000, 1000, 200, 4000
LIMITS = {QUESTION: _MAX_QUESTION, "option": _MAX_OPTION, TOPIC: _MAX_TOPIC}
LIMITS |= {LEGAL_BASIS: _MAX_NOTE, EXPLANATION: _MAX_NOTE}


def quick_question(
    sheet: str, line: int, question: str, options: list[str], answer: str, extras: list[str]
) -> ParsedQuestion | None:
    """A clean row in one pass; None sends the row to RowChecks, which words every error."""
    typed, level, topic, legal_basis, explanation = extras
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
    else:
        qtype = TRUE_FALSE if true_false_pair(options) else MULTIPLE if len(correct) > 1 else SINGLE
    difficulty = parse_difficulty(level) if level else MEDIUM
    if qtype is None or difficulty is None or (qtype != MULTIPLE and len(correct) > 1):
        return None
    if qtype == TRUE_FALSE and len(filled) != 2:
        return None
    return _build(sheet, line, question, qtype, options, filled, correct, difficulty, extras)


def _build(
    sheet: str,
    line: int,
    question: str,
    qtype: str,
    options: list[str],
    filled: list[int],
    correct: Collection[int],
    difficulty: str,
    extras: list[str],
) -> ParsedQuestion:
    """A ParsedQuestion from checked cells; the topic in extras is already resolved."""
    _, _, topic, legal_basis, explanation = extras
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
            "topic": topic,
            "difficulty": difficulty,
            "legal_basis": legal_basis or None,
            "explanation": explanation or None,
            "fingerprint": digest(question, [options[index] for index in filled]),
        },
    )
    return parsed


_new = object.__new__
_set = object.__setattr__


class RowChecks:
    """The checks of one row, collecting every error with its column letter and header."""

    __slots__ = ("sheet", "layout", "line", "errors")

    def __init__(self, sheet: Sheet, layout: Layout, index: int) -> None:
        self.sheet, self.layout = sheet, layout
        self.line = sheet.first_row + index + 1
        self.errors: list[RowError] = []

    def question(
        self, text: str, options: list[str], answer: str, extras: list[str]
    ) -> ParsedQuestion | None:
        """The parsed question, or None with self.errors filled."""
        layout = self.layout
        if not text or len(text) > LIMITS[QUESTION]:
            self.bad_question(text)
        stars = _take_stars(options) if not answer else ()
        filled = [letter for letter, option in enumerate(options) if option]
        if len(filled) < 2:
            self.too_few_options(options, len(filled))
        for letter, column in layout.options:
            self.check_length(column, options[letter], "option")
        correct = self.correct(answer, options, stars)
        typed, level, *texts = extras
        qtype = self.qtype(typed, options, correct)
        difficulty = self.difficulty(level)
        for column, value, name in zip(layout.extras[2:], texts, _TEXT_FIELDS, strict=True):
            self.check_length(column, value, name)
        if self.errors or correct is None or qtype is None or difficulty is None:
            return None
        return _build(
            self.sheet.name, self.line, text, qtype, options, filled, correct, difficulty, extras
        )

    def bad_question(self, text: str) -> None:
        """Report an empty or overlong question cell."""
        if not text:
            self.error(self.layout.question, errors.MISSING_QUESTION)
        self.check_length(self.layout.question, text, QUESTION)

    def correct(
        self, answer: str, options: list[str], stars: Collection[int]
    ) -> frozenset[int] | None:
        """Indexes of the correct options, or None after reporting why they are unknown."""
        if not answer:
            if stars:
                return frozenset(stars)
            if self.layout.answer is None:
                self.errors.append(
                    self.row_error(None, errors.NO_CORRECT_ANSWER, errors.NO_ANSWER_COLUMN)
                )
            else:
                self.error(self.layout.answer, errors.NO_CORRECT_ANSWER)
            return None
        try:
            correct = parse_answer(answer, options)
        except AnswerProblem as problem:
            unmatched = problem.code == errors.ANSWER_OPTION_MISSING
            template = errors.ANSWER_TEXT_UNMATCHED if unmatched else None
            self.error(
                self.layout.answer,
                problem.code,
                template,
                answer=shorten(answer),
                hint=problem.hint,
            )
            return None
        count = len(options)
        for index in correct:
            if index >= count or not options[index]:
                self.unusable_answer(answer, options, correct)
                return None
        return correct

    def unusable_answer(self, answer: str, options: list[str], correct: frozenset[int]) -> None:
        """Report each answer letter that names a missing or an empty option column."""
        columns, column = dict(self.layout.options), self.layout.answer
        for index in sorted(correct):
            label = chr(ord("A") + index) if index < 26 else str(index + 1)
            if index not in columns:
                labels = ", ".join(LETTERS[letter] for letter in columns)
                self.error(
                    column,
                    errors.ANSWER_OPTION_MISSING,
                    answer=shorten(answer),
                    label=label,
                    labels=labels,
                )
            elif not options[index]:
                header = self.title(columns[index])
                self.error(
                    column,
                    errors.ANSWER_OPTION_EMPTY,
                    answer=shorten(answer),
                    label=label,
                    option_header=header,
                )

    def qtype(self, typed: str, options: list[str], correct: frozenset[int] | None) -> str | None:
        """The declared or inferred type, after checking it fits the options and answers."""
        column = self.layout.qtype
        declared = parse_type(typed) if typed else None
        if typed and declared is None:
            self.error(column, errors.UNKNOWN_TYPE, value=shorten(typed))
            return None
        count = len(correct) if correct else 0
        if declared is not None:
            qtype = declared
        else:
            qtype = TRUE_FALSE if true_false_pair(options) else MULTIPLE if count > 1 else SINGLE
        if qtype == MULTIPLE or (qtype == SINGLE and count < 2):
            return qtype
        shown = typed or "Đúng/Sai"  # only a Đúng/Sai pair is typed implicitly
        filled = len(options) - options.count("")
        if qtype == TRUE_FALSE and filled != 2:
            self.error(column, errors.TRUE_FALSE_OPTIONS, qtype=shown, count=filled)
        if count > 1:
            labels = ", ".join(LETTERS[i] for i in sorted(correct or ()))
            where = self.layout.answer if self.layout.answer is not None else column
            self.error(
                where, errors.MULTIPLE_ANSWERS_SINGLE, qtype=shown, count=count, labels=labels
            )
        return qtype

    def difficulty(self, typed: str) -> str | None:
        """easy/medium/hard, medium when the cell or column is absent."""
        if not typed:
            return MEDIUM
        level = parse_difficulty(typed)
        if level is None:
            self.error(self.layout.difficulty, errors.UNKNOWN_DIFFICULTY, value=shorten(typed))
        return level

    def check_length(self, column: int | None, value: str, field: str) -> None:
        """Report a cell longer than the limit for its field."""
        if len(value) > LIMITS[field]:
            self.error(column, errors.TEXT_TOO_LONG, length=len(value), limit=LIMITS[field])

    def too_few_options(self, options: list[str], count: int) -> None:
        """Point at the first empty option column and list the option headers."""
        empty = next(column for letter, column in self.layout.options if not options[letter])
        headers = ", ".join(f'"{self.title(column)}"' for _, column in self.layout.options)
        self.error(empty, errors.TOO_FEW_OPTIONS, count=count, headers=headers)

    def error(
        self, column: int | None, code: str, template: str | None = None, **fmt: object
    ) -> None:
        """Record an error at a column of this row, its message naming the header as typed."""
        fmt.setdefault("header", self.title(column) if column is not None else "")
        message = template.format(**fmt) if template else row_message(code, **fmt)
        self.errors.append(self.row_error(column, code, message))

    def row_error(self, column: int | None, code: str, message: str) -> RowError:
        """A RowError for this row."""
        return RowError(self.sheet.name, self.line, self.letter(column), code, message)

    def letter(self, column: int | None) -> str | None:
        """The Excel column letter a user sees for a column index of the sheet's rows."""
        if column is None:
            return None
        number, letters = self.sheet.first_column + column + 1, ""
        while number:
            number, remainder = divmod(number - 1, 26)
            letters = chr(ord("A") + remainder) + letters
        return letters

    def title(self, column: int) -> str:
        """The header of a column as the file spells it."""
        return self.layout.titles.get(column) or self.letter(column) or ""


_TEXT_FIELDS = (TOPIC, LEGAL_BASIS, EXPLANATION)


def _take_stars(options: list[str]) -> set[int]:
    # Without an answer, a leading * marks a correct option; the * is not part of the text.
    stars = {index for index, text in enumerate(options) if text.startswith("*")}
    for index in stars:
        options[index] = options[index].lstrip("* ").strip()
    return stars
