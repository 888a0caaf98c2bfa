"""Convert text known to be in a legacy encoding to Unicode, restoring .VnTimeH capitals."""

from questions.importer.legacy.codes import (
    _TCVN3_CASELESS,
    _TCVN3_DECODE,
    _TCVN3_LOWER,
    _TCVN3_UPPER,
    _VNI_DECODE,
    _VNI_SPELLING,
    _WORD,
    TCVN3,
    VNI,
    _nfc,
)
from questions.importer.legacy.syllables import _is_syllable


def decode_legacy(text: str, encoding: str) -> str:
    """Convert text known to be in encoding to NFC Unicode, without detection."""
    if encoding == VNI:
        return _nfc(_VNI_SPELLING.sub(lambda m: _VNI_DECODE.get(m[0], m[0]), text))
    return _nfc(_restore_capitals(text, text.translate(_TCVN3_DECODE)))


def _decode_word(word: str, encoding: str) -> tuple[str, bool]:
    """Decode one word; report whether a VNI mark followed nothing it can modify."""
    if encoding == TCVN3:
        return word.translate(_TCVN3_DECODE), False
    decoded = _VNI_SPELLING.sub(lambda m: _VNI_DECODE.get(m[0], "\0"), word)
    return decoded, "\0" in decoded


def _restore_capitals(source: str, decoded: str) -> str:
    """Uppercase words typed in .VnTimeH, whose toned capitals share lowercase codes."""
    words = list(_WORD.finditer(source))
    kinds = [_case_kind(m[0], decoded[m.start() : m.end()]) for m in words]
    parts, last = [], 0
    for i, match in enumerate(words):
        if kinds[i] == "L" or _TCVN3_CASELESS.isdisjoint(match[0]):
            continue
        capitals = sum(ch in _TCVN3_UPPER for ch in match[0])
        if capitals >= 2 or _neighbour_kind(kinds, i) == "U":
            start, end = match.span()
            parts += [decoded[last:start], decoded[start:end].upper()]
            last = end
    return "".join(parts) + decoded[last:]


def _case_kind(word: str, decoded: str) -> str:
    """Classify a TCVN3 word as lowercase "L", capitals "U" or undecided "?"."""
    if not _TCVN3_LOWER.isdisjoint(word):
        return "L"
    # Acronyms (UBND) do not vote: a title-case "Bộ" may stand before them.
    if sum(ch in _TCVN3_UPPER for ch in word) >= 2 and _is_syllable(decoded):
        return "U"
    return "?"


def _neighbour_kind(kinds: list[str], i: int) -> str:
    """Return the case of the nearest decided word, looking right first."""
    for j in (*range(i + 1, len(kinds)), *range(i - 1, -1, -1)):
        if kinds[j] != "?":
            return kinds[j]
    return "?"
