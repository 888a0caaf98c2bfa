"""Text hygiene: what a cell shows, Unicode clean-up, diacritic folding and fingerprints."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from questions.importer.legacy import convert_legacy

# Letters that only Unicode Vietnamese has: TCVN3 and VNI text, as Excel stores it, lives in
# Latin-1 (U+00A0-U+00FF), so a cell holding one of these is Unicode and needs no conversion.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
# Removed only after legacy conversion: TCVN3 encodes "ư" as U+00AD, the soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_COMBINING = re.compile("[\u0300-\u036f]")

CellValue = str | float | int | bool | date | datetime | time | timedelta


def fold(text: str) -> str:
    """Lowercase, diacritic-free, whitespace-collapsed text, so "Đáp  án" and "dap an" compare equal."""
    if text.isascii():
        return " ".join(text.lower().split())
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", text).lower())
    return " ".join(bare.replace("đ", "d").split())


def collapse(text: str) -> str:
    """NFC text with every run of whitespace (newlines, non-breaking spaces) as one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text if _is_tidy(text) else " ".join(_INVISIBLE.sub("", text).split())


def fingerprint(text: str, options: Iterable[str]) -> str:
    """Stable 32-hex digest of a question and its options, blind to option order and case."""
    return digest(collapse(text), [collapse(option) for option in options])


def digest(text: str, options: Iterable[str]) -> str:
    """The fingerprint of text that is already collapsed (the importer's hot path)."""
    parts = sorted(option.casefold() for option in options)
    parts.insert(0, text.casefold())
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def display(value: CellValue) -> str:
    """A non-text cell as Excel shows it: 18.0 → "18", a date → "dd/mm/yyyy"."""
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, datetime):
        has_time = value.time() != time(0)
        return value.strftime("%d/%m/%Y %H:%M" if has_time else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"  # Excel keeps 15 significant digits


class CellCleaner:
    """Turns raw cell values into clean text and remembers whether a legacy encoding was met."""

    __slots__ = ("encoding",)

    def __init__(self) -> None:
        self.encoding: str | None = None

    def text(self, value: CellValue) -> str:
        """Clean text of one cell: legacy encodings converted, NFC, whitespace collapsed."""
        if value.__class__ is not str:
            return display(value)
        if value.isascii():
            return value if _is_tidy(value) else " ".join(value.split())
        text = unicodedata.normalize("NFC", value)
        if _UNICODE_VIETNAMESE.search(text) is None:
            converted, encoding = convert_legacy(text)
            if encoding is not None:
                text = unicodedata.normalize("NFC", converted)
                self.encoding = self.encoding or encoding
        if _is_tidy(text):
            return text
        return " ".join(_INVISIBLE.sub("", text).split())


def _is_tidy(text: str) -> bool:
    # isprintable() is False for every whitespace but " " and for zero-width characters.
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "
