"""Reading answer keys, question types and difficulty levels in the forms organizers type them.

Answer keys: letters in any punctuation (`B`, `b.`, `(B)`, `A, C`, `A;C`, `A/C`, `AC`, `A và C`),
option numbers (`2` = B, `1,3`), the full text of the correct option, or `Đúng`/`Sai` (`Đ`/`S`,
`True`/`False`) when the options are Đúng and Sai. `A-C` is refused as ambiguous (A and C, or A to
C?), and so is a number that is both one option's position and another option's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from questions.importer.errors import (
    ANSWER_OPTION_MISSING,
    HINT_LETTERS,
    HINT_NUMBER,
    HINT_RANGE,
    INVALID_ANSWER,
)
from questions.importer.text import fold

SINGLE, MULTIPLE, TRUE_FALSE, FILL_IN = "single", "multiple", "true_false", "fill_in"
CHOICE = "choice"  # "Trắc nghiệm": single or multiple, as the key says
STORED_TYPES = frozenset({SINGLE, MULTIPLE, TRUE_FALSE})  # what the bank can hold today
ALL_TYPES = STORED_TYPES | {FILL_IN}
EASY, MEDIUM, HARD = "easy", "medium", "hard"

# Type cells in Vietnamese words and in other platforms' codes (chon_mot, dien_tu, shortanswer…).
_TYPES = {
    SINGLE: ("motdapan", "motdapandung", "motluachon", "motphuongan", "single", "singlechoice")
    + ("chonmot", "chon1", "mot", "1dapan", "singleanswer", "radio", "luachonmot", "tracnghiem1")
    + ("tracnghiemmotdapan", "multichoicesingle"),
    MULTIPLE: ("nhieudapan", "nhieudapandung", "nhieuluachon", "nhieuphuongan", "multiple")
    + ("multiplechoice", "multichoice", "chonnhieu", "nhieu", "multipleanswer", "checkbox")
    + ("multipleanswers", "multiselect", "tracnghiemnhieudapan", "multichoicemultiple"),
    TRUE_FALSE: ("dungsai", "dunghaysai", "dunghoacsai", "truefalse", "ds", "tf", "dungsaiy"),
    FILL_IN: ("dientu", "dienkhuyet", "dienvaochotrong", "dientuvaochotrong", "dientrong")
    + ("dien", "traloingan", "dapanngan", "tuluanngan", "shortanswer", "fillin", "fill")
    + ("fillintheblank", "fillintheblanks", "fillblank", "gapfill", "cloze", "dienchotrong"),
    CHOICE: ("tracnghiem", "choice", "luachon", "multichoiceany"),
}
_DIFFICULTIES = {
    EASY: ("de", "easy", "nhanbiet", "biet", "1"),
    MEDIUM: ("trungbinh", "tb", "medium", "thonghieu", "hieu", "2"),
    HARD: ("kho", "hard", "vandung", "vandungcao", "3", "4"),
}
_TYPE_KEYS = {key: value for value, keys in _TYPES.items() for key in keys}
_DIFFICULTY_KEYS = {key: value for value, keys in _DIFFICULTIES.items() for key in keys}
_TRUE_WORDS = frozenset({"dung", "d", "true", "t"})
_FALSE_WORDS = frozenset({"sai", "s", "false", "f"})
_TRUE_OPTIONS = frozenset({"dung", "true"})
_FALSE_OPTIONS = frozenset({"sai", "false"})
_ANSWER_WORDS = _TRUE_WORDS | _FALSE_WORDS

_ALNUM = re.compile(r"[a-z0-9]+")
_FAST_LETTERS = re.compile(r"[A-J](?:\s*[,;]\s*[A-J])*|[A-J]{1,10}")
_PREFIX = re.compile(
    r"(?:dap an dung|dap an|phuong an dung|phuong an|pa|answer|correct)\b\s*[:.\-]?"
)
_RANGE = re.compile(r"\b[a-j0-9]\s*-\s*[a-j0-9]\b")
_JOINERS = re.compile(r"[,;/&+|()\[\]{}.:*]|\b(?:va|and)\b")
_OPTION_LETTERS = frozenset("abcdefghij")
_SINGLE_LETTERS = {letter: frozenset({index}) for index, letter in enumerate("ABCDEFGHIJ")}


class AnswerProblem(Exception):
    """An answer cell that cannot be read; code is a row error code, hint says how to fix it."""

    def __init__(self, code: str, hint: str = HINT_LETTERS) -> None:
        super().__init__(code)
        self.code = code
        self.hint = hint


@lru_cache(maxsize=1024)
def parse_type(text: str) -> str | None:
    """single / multiple / true_false / fill_in / choice for a type cell ("Một đáp án", "chon_mot",
    "Điền từ"), else None; choice leaves single or multiple to the key."""
    return _TYPE_KEYS.get("".join(_ALNUM.findall(fold(text))))


@lru_cache(maxsize=1024)
def parse_difficulty(text: str) -> str | None:
    """easy / medium / hard for a difficulty cell ("Dễ", "TB", "Vận dụng", "3"), else None."""
    return _DIFFICULTY_KEYS.get("".join(_ALNUM.findall(fold(text))))


def true_false_pair(options: Sequence[str]) -> tuple[int, int] | None:
    """(index of "Đúng", index of "Sai") when the filled options are exactly that pair."""
    filled = [index for index, text in enumerate(options) if text]
    if len(filled) != 2:
        return None
    first, second = filled
    truths = _truth(options[first]), _truth(options[second])
    if truths == (True, False):
        return first, second
    return (second, first) if truths == (False, True) else None


@lru_cache(maxsize=256)
def _truth(text: str) -> bool | None:
    """True for an option reading "Đúng"/"True", False for "Sai"/"False", else None."""
    if len(text) > 12:
        return None
    word = fold(text).rstrip(" .")
    return True if word in _TRUE_OPTIONS else False if word in _FALSE_OPTIONS else None


def parse_answer(raw: str, options: Sequence[str]) -> frozenset[int]:
    """Option indexes (0 = A) named by an answer cell; indexes may point past the options.

    ``options`` holds each option's text by letter index, "" for an empty or absent column.
    Raises AnswerProblem when the cell names no option in a recognisable way.
    """
    single = _SINGLE_LETTERS.get(raw)
    if single is not None:
        return single
    if _FAST_LETTERS.fullmatch(raw):
        return frozenset([ord(char) - ord("A") for char in raw if char.isalpha()])
    folded = fold(raw)
    pair = true_false_pair(options)
    word = folded.rstrip(" .!")
    if pair is not None and word in _ANSWER_WORDS:
        return frozenset({pair[0] if word in _TRUE_WORDS else pair[1]})
    exact = _exact_option(raw, options)
    body = _PREFIX.sub("", folded, count=1) if _PREFIX.match(folded) else folded
    tokens = _JOINERS.sub(" ", body).split()
    if tokens and all(_is_number(token) for token in tokens):
        return _numbers(tokens, exact, options)
    if exact is not None:
        return frozenset({exact})
    if _RANGE.search(body):
        raise AnswerProblem(INVALID_ANSWER, HINT_RANGE)
    letters = _letters(tokens)
    if letters is not None:
        return letters
    loose = _folded_option(word, options)
    if loose is not None:
        return frozenset({loose})
    wordy = any(sum(char.isalpha() for char in token) > 1 for token in tokens)
    raise AnswerProblem(ANSWER_OPTION_MISSING if wordy else INVALID_ANSWER)


def _is_number(token: str) -> bool:
    return token.isascii() and token.isdigit()  # "²" and "٣" are digits too, but not numbers here


def _numbers(tokens: list[str], exact: int | None, options: Sequence[str]) -> frozenset[int]:
    positions = frozenset(int(token) - 1 for token in tokens)
    if exact is not None:
        filled = all(0 <= index < len(options) and options[index] for index in positions)
        if filled and positions != {exact}:
            raise AnswerProblem(INVALID_ANSWER, HINT_NUMBER)
        return frozenset({exact})
    if min(positions) < 0:
        raise AnswerProblem(INVALID_ANSWER)
    return positions


def _letters(tokens: list[str]) -> frozenset[int] | None:
    letters: list[int] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            letters.append(ord(token) - ord("a"))
        elif set(token) <= _OPTION_LETTERS and len(set(token)) == len(token):
            letters.extend(ord(char) - ord("a") for char in token)
        else:
            return None
    return frozenset(letters) if letters else None


def _exact_option(raw: str, options: Sequence[str]) -> int | None:
    wanted = raw.casefold()
    return next((i for i, text in enumerate(options) if text and text.casefold() == wanted), None)


def _folded_option(word: str, options: Sequence[str]) -> int | None:
    matches = [i for i, text in enumerate(options) if text and fold(text).rstrip(" .!") == word]
    return matches[0] if len(matches) == 1 else None
