"""What the organizer decided about a file's columns and codes, read from a page, the API or a CLI.

A mapping names the field of columns by their letter ({"B": "question", "C": "option_a"}); a
header row (1-based) says where the headers are when detection picked the wrong row; codes name
topic and difficulty codes ({"topic": {"1": "Hiến pháp"}, "difficulty": {"K": "Khó"}}).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.errors import InvalidInput
from questions.importer import FIELDS

CODE_FIELDS = ("topic", "difficulty")
MAX_COLUMNS = 200
MAX_CODES = 500
MAX_NAME = 200
_LETTERS = re.compile(r"[A-Z]{1,3}")


@dataclass(frozen=True)
class ImportChoices:
    """A mapping ({0-based column index: field}), a header row and codes; None: not given."""

    mapping: dict[int, str] | None = None
    header_row: int | None = None
    codes: dict[str, dict[str, str]] | None = None

    @property
    def given(self) -> bool:
        return self.mapping is not None or self.codes is not None

    def to_json(self) -> dict[str, str]:
        """The choices as the hidden fields of a page's form carry them."""
        mapping = {column_letter(i): field for i, field in sorted((self.mapping or {}).items())}
        return {
            "mapping": json.dumps(mapping, ensure_ascii=False) if self.mapping else "",
            "header_row": str(self.header_row or ""),
            "codes": json.dumps(self.codes, ensure_ascii=False) if self.codes else "",
        }


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA"."""
    letters, number = "", index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letter: str) -> int:
    """ "A" → 0, "AA" → 26."""
    number = 0
    for char in letter:
        number = number * 26 + ord(char) - ord("A") + 1
    return number - 1


def read_choices(mapping: Any, header_row: Any, codes: Any) -> ImportChoices:
    """Choices from JSON text or decoded JSON (API form fields, CLI options); 400 naming the field.

    Empty text means "not given", so a form field left blank changes nothing.
    """
    errors: dict[str, str] = {}
    read_mapping = _field(errors, "mapping", mapping, parse_mapping)
    read_row = _field(errors, "header_row", header_row, parse_header_row)
    read_codes = _field(errors, "codes", codes, parse_codes)
    if errors:
        raise InvalidInput.for_fields(errors)
    return ImportChoices(read_mapping, read_row, read_codes)


def _field(errors: dict[str, str], name: str, value: Any, parse) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse(_decoded(value) if name != "header_row" else value)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _decoded(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise ValueError(_l("Không đọc được JSON.")) from None


def parse_mapping(value: Any) -> dict[int, str]:
    """{column letter: field} → {0-based index: field}; ValueError with a Vietnamese message."""
    if not isinstance(value, Mapping) or not value or len(value) > MAX_COLUMNS:
        raise ValueError(
            _l('Cách đọc cột phải là một đối tượng {"cột": "trường"}, ví dụ {"B": "question"}.')
        )
    mapping: dict[int, str] = {}
    for letter, field in value.items():
        column = str(letter).strip().upper()
        if not _LETTERS.fullmatch(column):
            raise ValueError(_l('"%(v)s" không phải chữ cái của một cột (A, B, …, AA).', v=letter))
        if not isinstance(field, str) or field not in FIELDS:
            allowed = ", ".join(FIELDS)
            raise ValueError(
                _l(
                    'Trường "%(v)s" không hợp lệ; dùng một trong: %(allowed)s.',
                    v=field,
                    allowed=allowed,
                )
            )
        mapping[column_index(column)] = field
    taken: dict[str, int] = {}
    for column, field in sorted(mapping.items()):
        if field != "ignore" and field in taken:
            raise ValueError(
                _l(
                    'Cột %(a)s và cột %(b)s cùng được chọn là "%(f)s"; mỗi trường chỉ một cột.',
                    a=column_letter(taken[field]),
                    b=column_letter(column),
                    f=field,
                )
            )
        taken[field] = column
    return mapping


def parse_header_row(value: Any) -> int:
    """The 1-based row of the headers; ValueError with a Vietnamese message."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 1_048_576:
        raise ValueError(_l("Dòng tiêu đề phải là một số nguyên dương."))
    return int(text)


def parse_codes(value: Any) -> dict[str, dict[str, str]]:
    """{"topic" | "difficulty": {code: name}}; ValueError with a Vietnamese message."""
    shape = _l('Mã phải có dạng {"topic": {"1": "Hiến pháp"}, "difficulty": {"K": "Khó"}}.')
    if not isinstance(value, Mapping):
        raise ValueError(shape)
    codes: dict[str, dict[str, str]] = {}
    count = 0
    for field, table in value.items():
        if field not in CODE_FIELDS or not isinstance(table, Mapping):
            raise ValueError(shape)
        entries = {}
        for code, name in table.items():
            count += 1
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
                raise ValueError(_l('Hãy ghi tên cho mã "%(code)s" (tối đa 200 ký tự).', code=code))
            entries[str(code).strip()] = " ".join(name.split())
        codes[field] = entries
    if count > MAX_CODES:
        raise ValueError(_l("Tối đa %(n)s mã.", n=MAX_CODES))
    return codes
