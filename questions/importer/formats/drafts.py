"""Questions read from documents (Word, Moodle XML) checked exactly as workbook rows are.

Each Draft becomes a row of a virtual sheet with fixed columns, so one set of checks decides
what is valid; each error is then pointed back at the paragraph (or question) it came from,
quoting it briefly, and worded without spreadsheet columns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass, field, replace

from questions.importer.answers import STORED_TYPES
from questions.importer.errors import RowError, shorten
from questions.importer.headers import LETTERS, Layout
from questions.importer.parser import RowParser
from questions.importer.reader import Sheet
from questions.importer.report import ParsedQuestion, ParseReport
from questions.importer.sheets import merge_codes

_EXTRA_COLUMNS = ("qtype", "difficulty", "topic", "legal_basis", "explanation")
_EXTRA_COLUMNS += ("fill_answers", "points", "ignore_diacritics")
_EXTRA_TITLES = ("loại câu hỏi", "mức độ", "chủ đề", "căn cứ pháp lý", "giải thích")
_EXTRA_TITLES += ("đáp án điền từ", "điểm", "bỏ qua dấu")
_REWORDING = (
    (re.compile(r"tệp không có cột phương án"), "câu hỏi không có phương án"),
    (re.compile(r"ô ở cột "), ""),
    (re.compile(r"(?:ở |các )?cột "), "ở "),
)


@dataclass
class Draft:
    """One question as a document states it, with where each part was found."""

    text: str
    place: int  # paragraph (Word) or question (Moodle) number where it starts, 1-based
    quote: str  # the start of that paragraph, for messages
    options: list[str] = field(default_factory=list)
    option_places: list[int] = field(default_factory=list)
    key: str = ""
    key_place: int | None = None
    qtype: str = ""
    difficulty: str = ""
    topic: str = ""
    legal_basis: str = ""
    explanation: str = ""
    fill_answers: str = ""
    points: str = ""
    ignore_diacritics: str = ""
    number: int | None = None  # "Câu 12" → 12, for answer tables
    quotes: dict[int, str] = field(default_factory=dict)  # other places' text, for messages
    feedback: list[str] = field(default_factory=list)  # per option (Moodle), "" for none


def parse_drafts(
    drafts: list[Draft],
    source: str,
    *,
    kind: str,
    where: str,
    known_fingerprints: Container[str] = frozenset(),
    accept_types: Collection[str] = STORED_TYPES,
    codes: Mapping[str, Mapping[str, str]] | None = None,
) -> ParseReport:
    """Check drafts as workbook rows; errors name ``where`` ("Đoạn", "Câu") and its number."""
    width = max([2, *(len(draft.options) for draft in drafts)])
    layout = _layout(min(width, len(LETTERS)))
    rows: list[list[object]] = [["Câu hỏi"]]
    for draft in drafts:
        options = (draft.options + [""] * width)[:width]
        extras = [getattr(draft, name) for name in _EXTRA_COLUMNS]
        rows.append([draft.text, draft.key, *options, *extras])
    sheet = Sheet(source, rows, 0, 0)
    report = ParseReport(source=kind, sheets=[source])
    report.codes = merge_codes(codes)
    RowParser(report, known_fingerprints, None, [(sheet, layout)], accept_types).run()
    report.errors = [_point(error, drafts, width, where) for error in report.errors]
    report.questions = [
        _placed(question, drafts[question.row - 2]) for question in report.questions
    ]
    return report


def _placed(question: ParsedQuestion, draft: Draft) -> ParsedQuestion:
    """The question at its paragraph or question number, with its options' feedback."""
    options = question.options
    if any(draft.feedback):
        texts = [text for text in draft.options if text]
        notes = dict(zip(texts, draft.feedback, strict=False))
        options = tuple(replace(o, feedback=notes.get(o.text) or None) for o in options)
    return replace(question, row=draft.place, options=options)


def _layout(width: int) -> Layout:
    option_columns = tuple(range(2, 2 + width))
    first = 2 + width
    extras = {name: first + offset for offset, name in enumerate(_EXTRA_COLUMNS)}
    titles = {0: "câu hỏi", 1: "dòng đáp án"}
    titles |= {column: f"phương án {LETTERS[column - 2]}" for column in option_columns}
    titles |= {first + offset: title for offset, title in enumerate(_EXTRA_TITLES)}
    return Layout(
        header_row=0,
        question=0,
        options=tuple((index, column) for index, column in enumerate(option_columns)),
        titles=titles,
        option_columns=option_columns,
        answer=1,
        **extras,
    )


def _point(error: RowError, drafts: list[Draft], width: int, where: str) -> RowError:
    """The error moved from its virtual cell to the paragraph it stands for."""
    draft = drafts[error.row - 2]
    column = _column_index(error.column)
    place = draft.place
    if column == 1 and draft.key_place is not None:
        place = draft.key_place
    elif column is not None and 2 <= column < 2 + width and column - 2 < len(draft.option_places):
        place = draft.option_places[column - 2]
    message = error.message
    for pattern, words in _REWORDING:
        message = pattern.sub(words, message)
    quote = draft.quotes.get(place, draft.quote)
    prefix = f'{where} {place} ("{shorten(quote, 50)}")'
    return replace(error, row=place, column=None, message=f"{prefix}: {message}")


def _column_index(letter: str | None) -> int | None:
    if not letter:
        return None
    number = 0
    for char in letter:
        number = number * 26 + ord(char) - ord("A") + 1
    return number - 1
