"""The thorough checks of one question row, wording each error by the cell it is in.

quick_question (``build``) accepts clean rows cheaply; a row it turns down comes here, where
every check runs again to find and word each error by its column letter and header as typed.
"""

from __future__ import annotations

from collections.abc import Collection

from questions.importer import errors
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
)
from questions.importer.build import (
    LIMITS,
    build_fill_in,
    build_question,
    infer_type,
    parse_points,
    pick_key,
)
from questions.importer.errors import RowError, row_message, shorten
from questions.importer.fill_in import MAX_ANSWER_LENGTH, MAX_ANSWERS, parse_flag, split_answers
from questions.importer.headers import EXPLANATION, LEGAL_BASIS, LETTERS, QUESTION, TOPIC, Layout
from questions.importer.reader import Sheet
from questions.importer.report import ParsedQuestion

__all__ = ["LIMITS", "RowChecks"]


class RowChecks:
    """The checks of one row, collecting every error with its column letter and header."""

    __slots__ = ("sheet", "layout", "line", "errors", "key_column")

    def __init__(self, sheet: Sheet, layout: Layout, index: int) -> None:
        self.sheet, self.layout = sheet, layout
        self.line = sheet.first_row + index + 1
        self.errors: list[RowError] = []
        self.key_column = layout.answer  # the multiple-answer column when the key is there

    def question(
        self, text: str, options: list[str], answer: str, extras: list[str]
    ) -> ParsedQuestion | None:
        """The parsed question, or None with self.errors filled."""
        layout = self.layout
        typed, level, *texts = extras[:5]
        multi, fill, points, flag = extras[5:]
        if not text or len(text) > LIMITS[QUESTION]:
            self.bad_question(text)
        declared = self.declared_type(typed)
        if typed and declared is None:
            return None  # options and key depend on the type: an essay has neither
        if declared == FILL_IN or (not typed and fill and not any(options)):
            return self.fill_in(text, options, fill or answer, flag, level, extras)
        answer, from_multi = pick_key(answer, multi, declared)
        if from_multi:
            self.key_column = layout.multi_key
        stars = _take_stars(options) if not answer else ()
        filled = [letter for letter, option in enumerate(options) if option]
        if len(filled) < 2:
            self.too_few_options(options, len(filled))
        for letter, column in layout.options:
            self.check_length(column, options[letter], "option")
        correct = self.correct(answer, options, stars)
        qtype = self.qtype(typed, declared, options, correct)
        difficulty = self.difficulty(level)
        for column, value, name in zip(layout.extras[2:5], texts, _TEXT_FIELDS, strict=True):
            self.check_length(column, value, name)
        value = self.points(points)
        if self.errors or correct is None or qtype is None or difficulty is None:
            return None
        return build_question(
            self.sheet.name,
            self.line,
            text,
            qtype,
            options,
            filled,
            correct,
            difficulty,
            extras,
            value,
        )

    def fill_in(
        self, text: str, options: list[str], cell: str, flag: str, level: str, extras: list[str]
    ) -> ParsedQuestion | None:
        """A fill-in row: accepted answers from the fill-in column (or the key column)."""
        layout = self.layout
        column = layout.fill_answers if layout.fill_answers is not None else layout.answer
        answers = split_answers(cell)
        if not answers:
            self.error(column, errors.FILL_IN_NO_ANSWER)
        for answer in answers[:MAX_ANSWERS]:
            if len(answer) > MAX_ANSWER_LENGTH:
                self.error(
                    column, errors.TEXT_TOO_LONG, length=len(answer), limit=MAX_ANSWER_LENGTH
                )
        filled = len(options) - options.count("")
        if filled:
            shown = extras[0] or "Điền từ"
            self.error(layout.options[0][1], errors.FILL_IN_OPTIONS, qtype=shown, count=filled)
        ignore = parse_flag(flag)
        if ignore is None:
            self.error(layout.ignore_diacritics, errors.INVALID_FLAG, value=shorten(flag))
        difficulty = self.difficulty(level)
        for column_at, value, name in zip(
            layout.extras[2:5], extras[2:5], _TEXT_FIELDS, strict=True
        ):
            self.check_length(column_at, value, name)
        value = self.points(extras[7])
        if self.errors or difficulty is None or ignore is None:
            return None
        answers = answers[:MAX_ANSWERS]
        return build_fill_in(
            self.sheet.name, self.line, text, answers, ignore, difficulty, extras, value
        )

    def declared_type(self, typed: str) -> str | None:
        """The type a type cell declares, None when empty; an unknown one is reported."""
        declared = parse_type(typed) if typed else None
        if typed and declared is None:
            self.error(self.layout.qtype, errors.UNKNOWN_TYPE, value=shorten(typed))
        return declared

    def points(self, cell: str) -> float | None:
        """The points of a row, None for the round's scoring; a bad cell is reported."""
        if not cell:
            return None
        value = parse_points(cell)
        if value is None:
            self.error(self.layout.points, errors.INVALID_POINTS, value=shorten(cell))
        return value

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
            if self.key_column is None:
                self.errors.append(
                    self.row_error(None, errors.NO_CORRECT_ANSWER, errors.NO_ANSWER_COLUMN)
                )
            else:
                self.error(self.key_column, errors.NO_CORRECT_ANSWER)
            return None
        try:
            correct = parse_answer(answer, options)
        except AnswerProblem as problem:
            unmatched = problem.code == errors.ANSWER_OPTION_MISSING
            template = errors.ANSWER_TEXT_UNMATCHED if unmatched else None
            self.error(
                self.key_column,
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
        columns, column = dict(self.layout.options), self.key_column
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

    def qtype(
        self,
        typed: str,
        declared: str | None,
        options: list[str],
        correct: frozenset[int] | None,
    ) -> str | None:
        """The declared or inferred type, after checking it fits the options and answers."""
        if typed and declared is None:
            return None
        count = len(correct) if correct else 0
        if declared is not None and declared != CHOICE:
            qtype = declared
        else:
            qtype = infer_type(options, correct or (), choice_only=declared == CHOICE)
        if qtype == MULTIPLE or (qtype == SINGLE and count < 2):
            return qtype
        shown = typed or "Đúng/Sai"  # only a Đúng/Sai pair is typed implicitly
        filled = len(options) - options.count("")
        if qtype == TRUE_FALSE and filled != 2:
            self.error(self.layout.qtype, errors.TRUE_FALSE_OPTIONS, qtype=shown, count=filled)
        if count > 1:
            labels = ", ".join(LETTERS[i] for i in sorted(correct or ()))
            where = self.key_column if self.key_column is not None else self.layout.qtype
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
        columns = self.layout.options
        empty = next((column for letter, column in columns if not options[letter]), None)
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
