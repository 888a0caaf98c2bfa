"""What a header cell means, however the organizer (or another platform) typed it.

Header texts are folded (no case, diacritics or punctuation) and looked up among the aliases of
each field; option columns are recognised in every common labelling: "A", "Phương án A",
"Đáp án A", "Lựa chọn 1", "Câu a", "PA1", "Option 2" …
"""

from __future__ import annotations

import re
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
MULTI_KEY = "multi_key"
FILL_ANSWERS = "fill_answers"
POINTS = "points"
NO_DIACRITICS = "ignore_diacritics"
IGNORED = "ignored"
OPTION = "option"

# Folded header keys per field; earlier aliases win when two columns claim the same field
# (a bank with both "Câu hỏi" = "Câu 1" and "Nội dung câu hỏi" = the text takes the latter).
_FIELD_ALIASES = {
    QUESTION: ("noi dung cau hoi", "cau hoi", "noi dung", "question", "question text")
    + ("de bai", "ten cau hoi", "cau hoi trac nghiem", "questiontext"),
    ANSWER: ("dap an dung", "dap an chinh xac", "phuong an dung", "correct answer", "dap an")
    + ("answer", "correct", "dap an mot", "dap an dung nhat", "lua chon dung", "ket qua")
    + ("answer key", "key", "da", "dap an chon"),
    MULTI_KEY: ("dap an nhieu", "cac dap an dung", "nhieu dap an dung", "dap an dung nhieu")
    + ("dap an nhieu lua chon", "dap an chon nhieu", "correct answers", "multiple answers"),
    FILL_ANSWERS: ("dap an dien tu", "dap an dien", "dap an dien khuyet", "tu dien", "tu can dien")
    + ("dap an chap nhan", "cac dap an chap nhan", "dap an tu luan ngan", "dap an ngan")
    + ("accepted answers", "fill answers", "fill in answers", "short answer"),
    QTYPE: ("loai cau hoi", "kieu cau hoi", "dang cau hoi", "loai", "question type", "type")
    + ("kieu", "dang", "loai cau", "hinh thuc"),
    TOPIC: ("chu de", "chuyen de", "linh vuc", "topic", "category", "linh vuc phap luat")
    + ("ma linh vuc", "ma chu de", "ma chuyen de", "nhom linh vuc"),
    DIFFICULTY: ("muc do", "do kho", "muc do kho", "difficulty", "level", "cap do", "ma muc do")
    + ("muc do nhan thuc",),
    POINTS: ("diem", "diem mac dinh", "so diem", "diem so", "points", "point", "score")
    + ("mark", "marks", "default grade", "diem cau hoi"),
    LEGAL_BASIS: ("can cu phap ly", "can cu phap luat", "co so phap ly", "can cu", "legal basis")
    + ("van ban phap luat", "van ban can cu"),
    EXPLANATION: ("giai thich", "ghi chu giai thich", "giai thich dap an", "explanation")
    + ("loi giai", "huong dan giai", "general feedback", "feedback"),
    NO_DIACRITICS: ("bo dau", "khong dau", "chap nhan khong dau", "bo qua dau", "khong xet dau")
    + ("ignore diacritics", "khong phan biet dau"),
    IGNORED: ("stt", "tt", "so tt", "so thu tu", "no", "id", "ma cau hoi", "ma cau", "ma so"),
}
_ALIASES = {
    alias: (name, rank)
    for name, aliases in _FIELD_ALIASES.items()
    for rank, alias in enumerate(aliases)
}
_PREFIX = r"(?:phuong an|dap an|lua chon|option|choice|answer|pa|cau tra loi|tra loi|y)"
# "A" or "Phương án A" name option A; "Câu a" too, but "Câu 1" is a question number; a bare "1"
# is too ambiguous, while "Phương án 1" and "PA1" are not.
_OPTION = re.compile(rf"(?:(?:{_PREFIX}|cau) )?([a-j])|{_PREFIX} ?(10|[1-9])")
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
    multi_key: int | None = None
    fill_answers: int | None = None
    points: int | None = None
    ignore_diacritics: int | None = None

    # Derived: the columns of the extras (type, level, topic, legal basis, explanation, multiple
    # key, fill-in answers, points, ignore-diacritics flag); every column a row is read from, in
    # that order after the question, answer and options (-1 for none); where the extras start.
    # The last four extras are read only when one of their columns exists (short: none does).
    extras: tuple[int | None, ...] = field(init=False)
    cells: tuple[int, ...] = field(init=False)
    extras_at: int = field(init=False)
    short: bool = field(init=False)

    def __post_init__(self) -> None:
        extras = (self.qtype, self.difficulty, self.topic, self.legal_basis, self.explanation)
        extras += (self.multi_key, self.fill_answers, self.points, self.ignore_diacritics)
        short = all(column is None for column in extras[5:])
        named = (self.question, self.answer, *self.option_columns, *extras[: 5 if short else 9])
        cells = tuple(-1 if column is None else column for column in named)
        object.__setattr__(self, "extras", extras)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "extras_at", 2 + len(self.option_columns))
        object.__setattr__(self, "short", short)


EXTRA_FIELDS = (QTYPE, DIFFICULTY, TOPIC, LEGAL_BASIS, EXPLANATION)
EXTRA_FIELDS += (MULTI_KEY, FILL_ANSWERS, POINTS, NO_DIACRITICS)


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
