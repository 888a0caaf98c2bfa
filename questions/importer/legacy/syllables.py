"""The shape of a Vietnamese syllable (initial, rhyme, one tone where it belongs) and of a word."""

import re

from questions.importer.legacy.codes import _TONE_MARKS, _VOWELS, _nfc

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
