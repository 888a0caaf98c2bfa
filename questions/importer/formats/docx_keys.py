"""Where a Word question list keeps its keys: an answer table, an answer section, marked options.

An answer table pairs question numbers with letters, row by row ("1 | B") or transposed
("Câu | 1 | 2" over "Đáp án | B | C"); an answer section ("ĐÁP ÁN") lists "1.B 2.C" or
"Câu 1: B"; a marked option is bold, underlined, coloured or highlighted where the others
are not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from questions.importer.text import fold

_PAIR = re.compile(
    r"(?:c[aâ]u\s*)?(\d{1,5})\s*[.:\-)]?\s*([A-Fa-f](?:\s*[,;&]\s*[A-Fa-f])*)(?!\w)", re.I
)
_NUMBER = re.compile(r"(?:c[aâ]u\s*)?(\d{1,5})\.?", re.I)
_LETTERS = re.compile(r"[A-Fa-f](?:\s*[,;&]\s*[A-Fa-f])*")
_SECTION = {"dap an", "bang dap an", "dap an dung", "dap an tham khao", "dap an cac cau hoi"}
_SECTION |= {"huong dan cham", "answer key", "answers", "bang dap an cac cau hoi"}
_OPTION_START = re.compile(r"\(?([A-Fa-f])\s*[.)]\s*")
_BLACK = {"000000", None}


def answer_section_heading(text: str) -> bool:
    """A paragraph that opens the answer section: "ĐÁP ÁN", "Bảng đáp án:"."""
    return len(text) < 40 and fold(text).strip(" :.") in _SECTION


def keys_from_paragraph(text: str) -> dict[int, str]:
    """{question number: letters} from a line of an answer section: "1.B 2.C", "Câu 3: A, D"."""
    return {int(number): letters for number, letters in _PAIR.findall(text)}


def keys_from_table(table: object) -> dict[int, str]:
    """{question number: letters} from an answer table, by rows or transposed."""
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]  # type: ignore[attr-defined]
    keys: dict[int, str] = {}
    for row in rows:
        keys.update(_pairs_in_row(row))
    for above, below in zip(rows, rows[1:], strict=False):
        for number, letters in zip(above, below, strict=False):
            found = _NUMBER.fullmatch(number)
            if found and _LETTERS.fullmatch(letters):
                keys.setdefault(int(found.group(1)), letters)
    return keys


def _pairs_in_row(row: Sequence[str]) -> dict[int, str]:
    keys: dict[int, str] = {}
    for cell in row:  # "1B", "1. B" or "Câu 1: B" in one cell
        found = _PAIR.fullmatch(cell)
        if found:
            keys[int(found.group(1))] = found.group(2)
    for number, letters in zip(row, row[1:], strict=False):
        found = _NUMBER.fullmatch(number)
        if found and _LETTERS.fullmatch(letters):
            keys[int(found.group(1))] = letters
    return keys


def marked_letters(paragraphs: Sequence[object], count: int) -> str:
    """The letters of options marked apart from the others ("A, C"), or "" when none or all."""
    marked: list[bool] = []
    for paragraph in paragraphs:
        marked.extend(_marked_options(paragraph))
    marked = marked[:count]
    chosen = [chr(ord("A") + index) for index, flag in enumerate(marked) if flag]
    return ", ".join(chosen) if chosen and len(chosen) < len(marked) else ""


def _marked_options(paragraph: object) -> list[bool]:
    """For each option on a paragraph, whether most of its text is marked."""
    spans: list[tuple[int, int, bool]] = []
    text = ""
    for run in paragraph.runs:  # type: ignore[attr-defined]
        spans.append((len(text), len(text) + len(run.text), _is_marked(run)))
        text += run.text
    starts = [match for match in _OPTION_START.finditer(text) if _starts_option(text, match)]
    flags = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        flags.append(_mostly_marked(text, spans, match.end(), end))
    return flags


def _starts_option(text: str, match: re.Match[str]) -> bool:
    return match.start() == 0 or text[match.start() - 1].isspace()


def _mostly_marked(text: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> bool:
    total = marked = 0
    for begin, finish, flag in spans:
        low, high = max(begin, start), min(finish, end)
        if low < high:
            letters = sum(not char.isspace() for char in text[low:high])
            total += letters
            marked += letters if flag else 0
    return total > 0 and marked * 2 > total


def _is_marked(run: object) -> bool:
    font = run.font  # type: ignore[attr-defined]
    if run.bold or run.underline or font.highlight_color is not None:  # type: ignore[attr-defined]
        return True
    color = font.color
    return color is not None and color.type is not None and str(color.rgb) not in _BLACK
