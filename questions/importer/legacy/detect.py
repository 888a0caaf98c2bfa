"""Judge whether a cell was typed in a legacy font, and in which, before converting it."""

import re
import unicodedata
from collections import Counter

from questions.importer.legacy.codes import (
    _CHARSET,
    _LEGACY,
    _TCVN3_CASELESS,
    _TCVN3_UPPER,
    _WORD,
    TCVN3,
    VIETNAMESE_LETTERS,
    VNI,
)
from questions.importer.legacy.decode import _decode_word, decode_legacy
from questions.importer.legacy.syllables import (
    _CASE_SHAPE,
    _SHARP_OR_HEAVY,
    _STOP_FINAL,
    _VOWEL,
    _has_word_case,
    _is_syllable,
)

# Characters of legacy text that Vietnamese Unicode never uses (µ © ® ä ñ ø ...).
_SIGNAL = _LEGACY - frozenset(VIETNAMESE_LETTERS)
_SIGNAL_CLASS = re.escape("".join(sorted(_SIGNAL)))
_SIGNAL_SEARCH = re.compile(f"[{_SIGNAL_CLASS}]").search
# Longer legacy text always shows a signal character, but a short cell may be spelt with
# Vietnamese-looking letters only, so there VNI base+mark pairs ("Coù" for Có) and TCVN3
# capitals inside lowercase words ("nhÊt" for nhất) count too.
_SHORT_CELL = 32
_SHORT_SEARCH = re.compile(
    f"[{_SIGNAL_CLASS}ùõâáàãêéèúÙÕÂÁÀÃÊÉÈÚÌÒÓÔÝ](?:(?<=[{_SIGNAL_CLASS}])"
    "|(?<=[aeouyôAEOUYÔ].)|(?<=[a-z][ÈÉÊÌÒÓÔÕÝ]))"
).search


def convert_legacy(text: str) -> tuple[str, str | None]:
    """Return (unicode_text, encoding); encoding is "tcvn3", "vni" or None if unchanged."""
    # _may_be_legacy spelt out: this line runs on every cell of every import.
    if text.isascii() or (
        (_SIGNAL_SEARCH if len(text) > _SHORT_CELL else _SHORT_SEARCH)(text) is None
    ):
        return text, None
    scores = {enc: s for enc in (TCVN3, VNI) if (s := _score(text, enc)) is not None}
    if not scores or (len(scores) == 2 and scores[TCVN3] == scores[VNI]):
        return text, None  # not legacy, or both read equally well: leave it to a human
    encoding = max(scores, key=scores.__getitem__)
    return decode_legacy(text, encoding), encoding


def _may_be_legacy(text: str) -> bool:
    """Tell in well under a microsecond whether a cell needs the full check."""
    if text.isascii():
        return False
    search = _SIGNAL_SEARCH if len(text) > _SHORT_CELL else _SHORT_SEARCH
    return search(text) is not None


def _score(text: str, encoding: str) -> int | None:
    """Weigh the words that only make sense in encoding; None if text is not in it."""
    for ch in set(text) - _CHARSET[encoding]:
        if not ch.isascii() and unicodedata.category(ch)[0] in "LM":
            return None  # a letter or combining mark this encoding cannot produce
    kinds = Counter(_word_kind(w, encoding) for w in _WORD.findall(text))
    # A telltale word weighs two hints. A foreign name is forgiven in a long cell, a
    # foreign sentence is not (many English words are Vietnamese-shaped: "Sun", "Mit").
    score = 2 * kinds["evidence"] + kinds["hint"]
    if score >= 2 and kinds["bad"] * 10 <= score and 2 * kinds["foreign"] < kinds["native"] + score:
        return score - kinds["bad"]
    return None


def _word_kind(word: str, encoding: str) -> str:
    """Classify a word as evidence or a hint for the encoding, against it, or neutral."""
    # A code the encoding does not use may be a symbol ending a word (Microsoft®), but
    # not one inside it (ph¹t is TCVN3, so it speaks against VNI).
    others = _LEGACY.difference(_CHARSET[encoding])
    word = word.rstrip("".join(others.intersection(word)))
    if not others.isdisjoint(word):
        return "bad"
    if word.isascii():
        if len(word) < 2 or (word.isupper() and len(_VOWEL.findall(word.lower())) < 2):
            return "neutral"  # a letter or an acronym (UBND, HĐND) says nothing
        return "native" if _is_syllable(word) else "foreign"
    return _legacy_word_kind(word, encoding)


def _legacy_word_kind(word: str, encoding: str) -> str:
    """Classify a word that holds legacy codes by how it reads before and after decoding."""
    if len(word) == 1 and not word.isalpha():
        return "neutral"  # a lone ©, ½ or ¶ is as likely a symbol as a TCVN3 letter
    decoded, stray = _decode_word(word, encoding)
    lower = decoded.lower()
    if stray or not _CASE_SHAPE.fullmatch(_case_flags(word, decoded, encoding)):
        return "bad"
    if not _VOWEL.search(lower):
        return "neutral"  # đ (đồng), HĐND: abbreviations
    if not _is_syllable(lower):
        return "bad"
    if _STOP_FINAL.search(lower) and _SHARP_OR_HEAVY.isdisjoint(lower):
        return "neutral"  # a typo (Lu©t) or a misreading (QUYÕT as VNI QUỸT)
    if len(decoded) < 2 or (_has_word_case(word) and _is_syllable(word)):
        return "neutral"  # the word reads as well without conversion
    # Garbage as typed, a Vietnamese syllable once decoded.
    if _is_telltale(word, decoded):
        return "evidence"
    return "hint" if len(decoded) > 2 else "neutral"


def _case_flags(word: str, decoded: str, encoding: str) -> str:
    """Spell a word's case as U/L flags, skipping TCVN3 codes that hide their case."""
    if encoding == VNI:
        return "".join("U" if ch.isupper() else "L" for ch in decoded)
    return "".join("U" if ch in _TCVN3_UPPER else "L" for ch in word if ch not in _TCVN3_CASELESS)


def _is_telltale(word: str, decoded: str) -> bool:
    """Tell whether a word shows a trait of legacy text that Unicode text lacks."""
    if len(decoded) < len(word):
        return True  # a VNI base and mark merged into one letter
    if not _has_word_case(word):
        return True  # a capital inside a lowercase word: TCVN3 nhÊt for nhất
    # One TCVN3 code glued to a letter or two (B®, A×) is more likely a symbol.
    legacy = sum(ch in _CHARSET[TCVN3] for ch in word)
    return not _SIGNAL.isdisjoint(word) and (len(word) > 2 or legacy > 1)
