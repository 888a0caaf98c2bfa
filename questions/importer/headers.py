"""Finding the header row and what each column means, however the organizer typed it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from questions.importer.text import fold

HEADER_SCAN_ROWS = 20
LETTERS = "ABCDEFGHIJ"  # options A to J: at most ten

QUESTION = "question"
ANSWER = "answer"
QTYPE = "qtype"
TOPIC = "topic"
DIFFICULTY = "difficulty"
LEGAL_BASIS = "legal_basis"
EXPLANATION = "explanation"
IGNORED = "ignored"
OPTION = "option"

# Folded header keys per field; earlier aliases win when two columns claim the same field
# (a bank with both "Câu hỏi" = "Câu 1" and "Nội dung câu hỏi" = the text takes the latter).
_FIELD_ALIASES = {
    QUESTION: ("noi dung cau hoi", "cau hoi", "noi dung", "question", "question text"),
    ANSWER: (
        "dap an dung",
        "dap an chinh xac",
        "phuong an dung",
        "correct answer",
        "dap an",
        "answer",
        "correct",
    ),
    QTYPE: ("loai cau hoi", "kieu cau hoi", "dang cau hoi", "loai", "question type", "type"),
    TOPIC: ("chu de", "chuyen de", "linh vuc", "topic"),
    DIFFICULTY: ("muc do", "do kho", "muc do kho", "difficulty", "level"),
    LEGAL_BASIS: ("can cu phap ly", "can cu phap luat", "co so phap ly", "can cu", "legal basis"),
    EXPLANATION: ("giai thich", "ghi chu giai thich", "giai thich dap an", "explanation"),
    IGNORED: ("stt", "tt", "so tt", "so thu tu", "no"),
}
_ALIASES = {
    alias: (name, rank)
    for name, aliases in _FIELD_ALIASES.items()
    for rank, alias in enumerate(aliases)
}
_PREFIX = r"(?:phuong an|dap an|lua chon|option|choice|answer|pa|cau tra loi|tra loi)"
# "A" or "Phương án A" name option A; a bare "1" is too ambiguous, "Phương án 1" is not.
_OPTION = re.compile(rf"(?:{_PREFIX} )?([a-j])|{_PREFIX} (10|[1-9])")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each field lives in a sheet: column indexes into the rows, and the header texts."""

    header_row: int
    question: int
    options: tuple[tuple[int, int], ...]  # (letter index, column index), in letter order
    titles: dict[int, str]
    option_columns: tuple[int, ...]  # column of each letter index, -1 for a letter with none
    answer: int | None = None
    qtype: int | None = None
    topic: int | None = None
    difficulty: int | None = None
    legal_basis: int | None = None
    explanation: int | None = None

    # Derived: the columns of type, level, topic, legal basis and explanation; every column a row
    # is read from, in that order after the question, answer and options (-1 for none); and
    # where the extras start among them.
    extras: tuple[int | None, ...] = field(init=False)
    cells: tuple[int, ...] = field(init=False)
    extras_at: int = field(init=False)

    def __post_init__(self) -> None:
        extras = (self.qtype, self.difficulty, self.topic, self.legal_basis, self.explanation)
        named = (self.question, self.answer, *self.option_columns, *extras)
        cells = tuple(-1 if column is None else column for column in named)
        object.__setattr__(self, "extras", extras)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "extras_at", 2 + len(self.option_columns))


def header_key(text: str) -> str:
    """Header text reduced to comparable words: "Câu  hỏi (bắt buộc):" → "cau hoi"."""
    unbracketed = _BRACKETED.sub(" ", text)
    words = _WORDS.findall(fold(unbracketed))
    return " ".join(words or _WORDS.findall(fold(text)))


def recognise(text: str) -> tuple[str, int] | None:
    """(field, rank) of one header cell, with field "option" and rank = letter index for options."""
    key = header_key(text)
    known = _ALIASES.get(key)
    if known is not None:
        return known
    match = _OPTION.fullmatch(key)
    if match is None:
        return None
    letter, number = match.groups()
    return OPTION, (ord(letter) - ord("a") if letter else int(number) - 1)


def find_layout(rows: Sequence[Sequence[object]], clean: Callable[[object], str]) -> Layout | None:
    """The first row among the first 20 naming a question column and two option columns."""
    previous: dict[int, tuple[str, int, str]] = {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _recognise_row(row, clean)
        layout = _layout(found, index)
        if layout is None and any(name == OPTION for name, _, _ in found.values()):
            # Two-row header: "Câu hỏi" merged over two rows, the letters A-D under "Phương án".
            layout = _layout({**previous, **found}, index)
        if layout is not None:
            return layout
        previous = found
    return None


def headers_seen(rows: Sequence[Sequence[object]], clean: Callable[[object], str]) -> list[str]:
    """The most header-like row of a sheet, as typed, to explain why no header was recognised."""
    best: list[str] = []
    best_score = -1
    for row in rows[:HEADER_SCAN_ROWS]:
        texts = [text for text in map(clean, row) if text]
        score = sum(recognise(text) is not None for text in texts)
        if texts and score > best_score:
            best, best_score = texts, score
    return best[:15]


def _recognise_row(
    row: Sequence[object], clean: Callable[[object], str]
) -> dict[int, tuple[str, int, str]]:
    found = {}
    for column, value in enumerate(row):
        text = clean(value)
        if text and len(text) <= 100:
            known = recognise(text)
            if known is not None:
                found[column] = (*known, text)
    return found


def _layout(found: dict[int, tuple[str, int, str]], header_row: int) -> Layout | None:
    options: dict[int, int] = {}
    best: dict[str, tuple[int, int]] = {}
    for column in sorted(found):
        name, rank, _ = found[column]
        if name == OPTION:
            options.setdefault(rank, column)
        elif name not in best or rank < best[name][0]:
            best[name] = (rank, column)
    if QUESTION not in best or len(options) < 2:
        return None
    fields = {name: column for name, (_, column) in best.items() if name != IGNORED}
    return Layout(
        header_row=header_row,
        options=tuple(sorted(options.items())),
        titles={column: text for column, (_, _, text) in found.items()},
        option_columns=tuple(options.get(letter, -1) for letter in range(max(options) + 1)),
        **fields,
    )
