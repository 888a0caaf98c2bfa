"""The TCVN3 (ABC) and VNI fonts' codes for every Vietnamese letter, both ways."""

import re
import unicodedata
from string import ascii_lowercase, ascii_uppercase

TCVN3 = "tcvn3"
VNI = "vni"

# Every table lists a vowel's toned forms in one order: sắc, huyền, hỏi, ngã, nặng.
_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"

# TCVN3 codes, as Windows-1252 shows them, of the 60 toned vowels in _VOWELS order.
_TCVN3_TONED = (
    "¸µ¶·¹" "¾»¼½Æ" "ÊÇÈÉË" "ÐÌÎÏÑ" "ÕÒÓÔÖ" "Ý×ØÜÞ"
    "ãßáâä" "èåæçé" "íêëìî" "óïñòô" "øõö÷ù" "ýúûüþ"
)  # fmt: skip
# Only these letters have capital codes. Toned capitals reuse the lowercase code and
# were drawn as capitals by the .VnTimeH font, so their case comes from context.
_TCVN3_LOWER_PLAIN, _TCVN3_LOWER_CODES = "ăâêôơưđ", "¨©ª«¬\xad®"
_TCVN3_UPPER_PLAIN, _TCVN3_UPPER_CODES = "ĂÂÊÔƠƯĐ", "¡¢£¤¥¦§"

# VNI types a base letter, then a mark: a tone, or a modifier that also carries the
# tone (aá = ấ). ơ, ư, đ, the toned i and ỵ are single characters.
_VNI_TONES = "ùøûõï"
_VNI_CIRCUMFLEX = "âáàåãä"  # â ê ô, then with each tone
_VNI_BREVE = "êéèúüë"  # ă, then with each tone
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ỵ": "î"} | dict(zip("íìỉĩị", "íìæóò", strict=True))


def _nfc(text: str) -> str:
    """Compose letters and marks the way the platform stores all text."""
    return unicodedata.normalize("NFC", text)


def _tcvn3_table() -> dict[str, str]:
    """Map each Vietnamese letter to its TCVN3 code; toned capitals share one."""
    table = dict(
        zip(
            _TCVN3_LOWER_PLAIN + _TCVN3_UPPER_PLAIN,
            _TCVN3_LOWER_CODES + _TCVN3_UPPER_CODES,
            strict=True,
        )
    )
    codes = iter(_TCVN3_TONED)
    for vowel in _VOWELS:
        for tone in _TONE_MARKS:
            letter = _nfc(vowel + tone)
            table[letter] = table[letter.upper()] = next(codes)
    return table


def _vni_table() -> dict[str, str]:
    """Map each Vietnamese letter to its VNI spelling: base x modifier x tone."""
    table = dict(_VNI_SINGLE)
    for base, spelled in (*zip("aeouy", "aeouy", strict=True), ("ơ", "ô"), ("ư", "ö")):
        for tone, mark in zip(_TONE_MARKS, _VNI_TONES, strict=True):
            table.setdefault(_nfc(base + tone), spelled + mark)  # keeps ỵ = î
    for base, modifier, marks in (
        ("a", _CIRCUMFLEX, _VNI_CIRCUMFLEX),
        ("e", _CIRCUMFLEX, _VNI_CIRCUMFLEX),
        ("o", _CIRCUMFLEX, _VNI_CIRCUMFLEX),
        ("a", _BREVE, _VNI_BREVE),
    ):
        for tone, mark in zip(("", *_TONE_MARKS), marks, strict=True):
            table[_nfc(base + modifier + tone)] = base + mark
    table |= {letter.upper(): spelled.upper() for letter, spelled in table.items()}
    return table


_ENCODE = {TCVN3: _tcvn3_table(), VNI: _vni_table()}
VIETNAMESE_LETTERS = "".join(_ENCODE[VNI])  # the 134 letters that carry a diacritic
_TCVN3_DECODE = str.maketrans(
    {code: letter for letter, code in _ENCODE[TCVN3].items() if letter.islower()}
    | dict(zip(_TCVN3_UPPER_CODES, _TCVN3_UPPER_PLAIN, strict=True))
)
_VNI_DECODE = {spelled: letter for letter, spelled in _ENCODE[VNI].items()}
_CHARSET = {
    TCVN3: frozenset(_TCVN3_TONED + _TCVN3_LOWER_CODES + _TCVN3_UPPER_CODES),
    VNI: frozenset("".join(_VNI_DECODE)) - frozenset(ascii_lowercase + ascii_uppercase),
}
# Words are cut with both character sets, so that a code of one encoding glued inside a
# word (ph¹t) counts against the other.
_LEGACY = _CHARSET[TCVN3] | _CHARSET[VNI]
_WORD = re.compile(f"[A-Za-z{re.escape(''.join(sorted(_LEGACY)))}]+")
# Longest spelling first so a base and its mark decode together; a mark that follows
# nothing it can modify matches alone and is reported as stray.
_VNI_MARKS = _CHARSET[VNI] - frozenset(k for k in _VNI_DECODE if len(k) == 1)
_VNI_SPELLING = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True))
    + f"|[{''.join(sorted(_VNI_MARKS))}]"
)

# In TCVN3 source only ASCII letters and the plain-letter codes show their case.
_TCVN3_UPPER = frozenset(ascii_uppercase + _TCVN3_UPPER_CODES)
_TCVN3_LOWER = frozenset(ascii_lowercase + _TCVN3_LOWER_CODES)
_TCVN3_CASELESS = frozenset(_TCVN3_TONED)


def encode_legacy(text: str, encoding: str) -> str:
    """Spell Unicode text as a legacy font stored it; builds fixtures for tests."""
    return "".join(_ENCODE[encoding].get(ch, ch) for ch in _nfc(text))
