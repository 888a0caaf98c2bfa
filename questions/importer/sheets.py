"""Telling a workbook's sheets apart: question sheets, guide sheets to skip, code sheets to read.

A guide ("Hướng dẫn", "Ghi chú" …) is skipped and never quoted as a bank's headers. A code sheet
("Danh mục", "Lĩnh vực", "Mức độ" …, code | name) is read, so that topics and difficulty levels
given as codes ("1", "HP") resolve to their names; codes no sheet or mapping names are collected
for the preview to ask about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from questions.importer.headers import DIFFICULTY, TOPIC, header_key
from questions.importer.text import fold

Codes = dict[str, dict[str, str]]  # field ("topic", "difficulty") → {code key: name}

_GUIDE_WORDS = ("huong dan", "ghi chu", "chu y", "luu y", "instruction", "guide", "readme")
_GUIDE_WORDS += ("help", "gioi thieu", "cach dien", "cach nhap")
_CODE_SHEET_WORDS = ("danh muc", "bang ma", "ma ", "code", "lookup", "tham so", "tu dien")
_FIELD_WORDS = {
    TOPIC: ("linh vuc", "chu de", "chuyen de", "topic", "category"),
    DIFFICULTY: ("muc do", "do kho", "cap do", "difficulty", "level"),
}
_CODE_HEADERS = {"ma", "ma so", "code", "id", "stt", "tt", "ky hieu", "so", "gia tri", "key"}
_CODE_HEADERS |= {f"ma {word}" for words in _FIELD_WORDS.values() for word in words}
_NAME_WORDS = ("ten", "name", "noi dung", "mo ta", "label", "y nghia")
_CODE = re.compile(r"[0-9]{1,6}|[a-z0-9_.-]{1,8}")
_CODE_SCAN_ROWS = 10


def is_guide(name: str, first_cells: Sequence[str] = ()) -> bool:
    """A sheet named as a guide, or one whose first text says it is instructions."""
    folded = header_key(name)
    if any(word in folded for word in _GUIDE_WORDS):
        return True
    first = next((fold(text) for text in first_cells if text), "")
    return first.startswith(("huong dan", "luu y", "chu y"))


def code_key(value: str) -> str:
    """How a code is compared: folded, "01" and "1" alike."""
    key = fold(value).strip(" .")
    return str(int(key)) if key.isdigit() else key


def looks_like_code(value: str) -> bool:
    """A short code rather than a name: "1", "02", "HP", "LV-3"."""
    return bool(value) and _CODE.fullmatch(fold(value)) is not None and " " not in value


def read_code_sheet(
    name: str, rows: Sequence[Sequence[object]], clean: Callable[[object], str]
) -> Codes:
    """The code tables of a sheet: each code column with the name column to its right."""
    codes: Codes = {}
    sheet_field = _field_of(header_key(name))
    for index, row in enumerate(rows[:_CODE_SCAN_ROWS]):
        header = [header_key(clean(value)) for value in row]
        pairs = _pairs(header)
        if not pairs:
            continue
        for code_column, name_column in pairs:
            field = _field_of(header[code_column] + " " + header[name_column]) or sheet_field
            if field is None:
                continue
            table = codes.setdefault(field, {})
            for body in rows[index + 1 :]:
                code, label = _cell(body, code_column, clean), _cell(body, name_column, clean)
                if code and label:
                    table.setdefault(code_key(code), label)
        return {field: table for field, table in codes.items() if table}
    coded_name = any(word in header_key(name) for word in _CODE_SHEET_WORDS)
    if sheet_field is not None and (coded_name or _two_columns(rows, clean)):
        codes[sheet_field] = _headerless(rows, clean)
    return {field: table for field, table in codes.items() if table}


def merge_codes(*tables: Mapping[str, Mapping[str, str]] | None) -> Codes:
    """Code tables merged left to right, later ones winning; keys normalised by code_key."""
    merged: Codes = {}
    for table in tables:
        for field, entries in (table or {}).items():
            target = merged.setdefault(field, {})
            target.update({code_key(str(code)): str(name) for code, name in entries.items()})
    return merged


def _field_of(folded: str) -> str | None:
    for field, words in _FIELD_WORDS.items():
        if any(word in folded for word in words):
            return field
    return None


def _pairs(header: list[str]) -> list[tuple[int, int]]:
    pairs = []
    for column, key in enumerate(header):
        if key not in _CODE_HEADERS:
            continue
        for other in range(column + 1, min(column + 3, len(header))):
            named = header[other]
            if named and named not in _CODE_HEADERS:
                if named.startswith(_NAME_WORDS) or _field_of(named):
                    pairs.append((column, other))
                break
    return pairs


def _cell(row: Sequence[object], column: int, clean: Callable[[object], str]) -> str:
    return clean(row[column]) if column < len(row) else ""


def _two_columns(rows: Sequence[Sequence[object]], clean: Callable[[object], str]) -> bool:
    filled = [[clean(value) for value in row if clean(value)] for row in rows]
    filled = [row for row in filled if row]
    return bool(filled) and all(len(row) == 2 and looks_like_code(row[0]) for row in filled)


def _headerless(rows: Sequence[Sequence[object]], clean: Callable[[object], str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in rows:
        cells = [clean(value) for value in row if clean(value)]
        if len(cells) >= 2 and looks_like_code(cells[0]):
            table.setdefault(code_key(cells[0]), cells[1])
    return table
