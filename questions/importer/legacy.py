"""Convert cells typed in legacy Vietnamese fonts (TCVN3/ABC, VNI) to Unicode.

Old provincial banks were typed in .VnTime (TCVN3) or VNI-Times fonts, so a workbook
read today holds Latin-1 look-alikes: ``LuËt`` (TCVN3) or ``Luaät`` (VNI) for ``Luật``.
Each cell is judged alone and left unchanged when in doubt: it is converted only when
its words decode to Vietnamese syllables and, as typed, are not Vietnamese at all.
"""

import re
import unicodedata
from collections import Counter
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

# Syllable shapes (lowercase, toneless): an initial, then a rhyme. Vowel clusters that
# end in a glide take no final; ă, â, iê, uô, ươ ... need one; -ch and -nh follow only
# a, ê, i, uy (anh, ếch, tỉnh); -ng and -c never follow ê, i, ơ; y alone stays open.
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx]"  # q: quýt = q + uyt
_RHYME = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi"
    "|ôi|ơi|ui|ưi|ưu|ua|ưa|uơ"
    "|(?:uyê|iê|yê|uô|ươ|oă|uâ|oo|ă|â)(?:ng|[cmnpt])"
    "|(?:oa|a)(?:ch|nh|ng|[cmnpt])?"
    "|(?:uê|uy|ê|i)(?:ch|nh|[mnpt])?"
    "|(?:oe|e|o|ô|u|ư)(?:ng|[cmnpt])?"
    "|ơ[mnpt]?|y"
)
_SYLLABLE = re.compile(f"(?:{_INITIAL})?(?:{_RHYME})")
_TONED = frozenset(_nfc(vowel + tone) for vowel in _VOWELS for tone in _TONE_MARKS)
_DETONE = str.maketrans({_nfc(v + t): v for v in _VOWELS for t in _TONE_MARKS})
# Tones sit on the main vowel: never on a closing glide (bài, not baì; uý is old-style
# spelling) nor on the first half of iê, uô, ươ, uơ (việt, thuở).
_ANY_VOWEL = f"[{_VOWELS}{''.join(sorted(_TONED))}]"
_VOWEL = re.compile(_ANY_VOWEL)
_MISPLACED_TONE = re.compile(
    f"{_ANY_VOWEL}[ìíỉĩịòóỏõọùúủũụ]$|{_ANY_VOWEL}(?<!u)[ỳýỷỹỵ]$|[ìíỉĩịỳýỷỹỵ]ê|[ùúủũụ][êôơ]|[ừứửữự]ơ"
)
# Syllables closed by -c, -ch, -p, -t carry only the sắc or nặng tone (học, not hõc).
_STOP_FINAL = re.compile("(?:c|ch|p|t)$")
_SHARP_OR_HEAVY = frozenset(_nfc(vowel + tone) for vowel in _VOWELS for tone in _TONE_MARKS[0::4])
# Case shapes of a real word: UPPER, lower or Title (as U/L flags per letter).
_CASE_SHAPE = re.compile("U*|U?L*")

# In TCVN3 source only ASCII letters and the plain-letter codes show their case.
_TCVN3_UPPER = frozenset(ascii_uppercase + _TCVN3_UPPER_CODES)
_TCVN3_LOWER = frozenset(ascii_lowercase + _TCVN3_LOWER_CODES)
_TCVN3_CASELESS = frozenset(_TCVN3_TONED)


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


def encode_legacy(text: str, encoding: str) -> str:
    """Spell Unicode text as a legacy font stored it; builds fixtures for tests."""
    return "".join(_ENCODE[encoding].get(ch, ch) for ch in _nfc(text))


def decode_legacy(text: str, encoding: str) -> str:
    """Convert text known to be in encoding to NFC Unicode, without detection."""
    if encoding == VNI:
        return _nfc(_VNI_SPELLING.sub(lambda m: _VNI_DECODE.get(m[0], m[0]), text))
    return _nfc(_restore_capitals(text, text.translate(_TCVN3_DECODE)))


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


def _decode_word(word: str, encoding: str) -> tuple[str, bool]:
    """Decode one word; report whether a VNI mark followed nothing it can modify."""
    if encoding == TCVN3:
        return word.translate(_TCVN3_DECODE), False
    decoded = _VNI_SPELLING.sub(lambda m: _VNI_DECODE.get(m[0], "\0"), word)
    return decoded, "\0" in decoded


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


def _has_word_case(word: str) -> bool:
    """Tell whether the letters of a word, read as Unicode, are UPPER, lower or Title."""
    flags = "".join("U" if ch.isupper() else "L" for ch in word if ch.isalpha())
    return _CASE_SHAPE.fullmatch(flags) is not None


def _is_syllable(word: str) -> bool:
    """Tell whether a word is shaped like one Vietnamese syllable with at most one tone."""
    word = word.lower()
    if sum(ch in _TONED for ch in word) > 1 or _MISPLACED_TONE.search(word):
        return False
    return _SYLLABLE.fullmatch(word.translate(_DETONE)) is not None


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
