"""Fill-in questions (điền từ): reading accepted answers and deciding whether a typed one matches.

Pure and shared: the importer reads the answers with ``split_answers``; scoring calls
``matches(typed, accepted, ignore_diacritics)``. Answers compare after NFC, case folding and
whitespace collapse, and optionally without diacritics ("Quốc hội" = "quoc hoi"), a setting
each question carries. A fill-in question's fingerprint is that of its text with the accepted
answers standing in for options (``fingerprint(text, answers)``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_ANSWERS = 20
MAX_ANSWER_LENGTH = 200
_SEPARATORS = re.compile(r"\s*(?:\||;|\n|\r)\s*")
_COMBINING = re.compile("[\u0300-\u036f]")
_YES = frozenset({"co", "c", "x", "1", "yes", "y", "true", "dung", "d", "bo dau", "khong dau"})
_NO = frozenset({"", "khong", "k", "0", "no", "n", "false", "sai", "s", "co dau"})


def split_answers(cell: str) -> list[str]:
    """The accepted answers of a cell, split at |, ; or line breaks; blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for part in _SEPARATORS.split(cell.strip()):
        answer = " ".join(part.split())
        if answer and normalise(answer) not in seen:
            seen[normalise(answer)] = answer
    return list(seen.values())


def normalise(text: str, ignore_diacritics: bool = False) -> str:
    """The form answers are compared in: NFC, case-folded, single spaces; optionally no marks."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    if ignore_diacritics:
        bare = _COMBINING.sub("", unicodedata.normalize("NFD", folded))
        folded = unicodedata.normalize("NFC", bare.replace("đ", "d"))
    return folded


def matches(typed: str, accepted: Iterable[str], ignore_diacritics: bool = False) -> bool:
    """Whether a typed answer equals one of the accepted answers, as ``normalise`` compares."""
    wanted = normalise(typed, ignore_diacritics)
    return bool(wanted) and any(
        normalise(answer, ignore_diacritics) == wanted for answer in accepted
    )


def parse_flag(cell: str) -> bool | None:
    """True/False for a yes/no cell ("Có", "x", "1" / "Không", "", "0"), None when unclear."""
    word = " ".join(_COMBINING.sub("", unicodedata.normalize("NFD", cell.casefold())).split())
    word = word.replace("đ", "d").rstrip(" .")
    return True if word in _YES else False if word in _NO else None
