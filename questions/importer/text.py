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
    """Lowercase text without diacritics or extra spaces: "Đáp  án" and "dap an" compare equal."""
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


def digest(text: str, options: list[str]) -> str:
    """The fingerprint of text that is already collapsed (the importer's hot path)."""
    # Casefolding goes character by character, so folding the joined options once equals
    # folding each; U+001F cannot occur in them (it is whitespace, collapsed away).
    parts = "\x1f".join(options).casefold().split("\x1f") if options else []
    parts.sort()
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

    __slots__ = ("encoding", "_plain", "_converted")

    def __init__(self) -> None:
        self.encoding: str | None = None
        # Short cells repeat endlessly (types, levels, topics, "Đúng", ""): clean each once.
        self._plain: dict[str, str] = {}
        self._converted: dict[str, tuple[str, str]] = {}

    def texts(self, values: Iterable[CellValue]) -> list[str]:
        """Clean text of several cells; a short cell met before costs one dictionary lookup."""
        known, clean = self._plain.get, self._clean
        return [known(value) or clean(value) for value in values]  # type: ignore[arg-type]

    def text(self, value: CellValue) -> str:
        """Clean text of one cell: legacy encodings converted, NFC, whitespace collapsed."""
        known = self._plain.get(value) if isinstance(value, str) else None
        return self._clean(value) if known is None else known

    def _clean(self, value: CellValue) -> str:
        if not isinstance(value, str):
            return display(value)
        if not value:
            return value
        converted = self._converted.get(value)
        if converted is None:
            text, encoding = value, None
            if not value.isascii():
                text = _nfc("NFC", value)
                if _vietnamese_letter(text) is None:
                    unicode_text, encoding = convert_legacy(text)
                    if encoding is not None:
                        text = _nfc("NFC", unicode_text)
            # isprintable() is False for all whitespace but " " and for zero-width characters.
            tidy = text.isprintable() and "  " not in text
            if not (tidy and text[:1] != " " and text[-1:] != " "):
                text = " ".join(_INVISIBLE.sub("", text).split())
            if encoding is None:
                if len(text) <= _SHORT:
                    self._plain[value] = text
                return text
            converted = self._converted[value] = (text, encoding)
        self.encoding = self.encoding or converted[1]
        return converted[0]


_SHORT = 40
_nfc = unicodedata.normalize
_vietnamese_letter = _UNICODE_VIETNAMESE.search


def _is_tidy(text: str) -> bool:
    # isprintable() is False for all whitespace but " " and for zero-width characters.
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "
