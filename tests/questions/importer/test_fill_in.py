"""Whether a typed answer matches a fill-in question's accepted answers."""

from __future__ import annotations

import unicodedata

import pytest

from questions.importer.fill_in import matches, parse_flag, split_answers


@pytest.mark.parametrize(
    "typed",
    [
        "Quốc hội",
        "quốc hội",
        "  QUỐC   HỘI ",
        unicodedata.normalize("NFD", "Quốc hội"),
        "Quốc\thội",
    ],
)
def test_answers_compare_after_nfc_case_folding_and_whitespace_collapse(typed: str) -> None:
    assert matches(typed, ["Quốc hội"])


def test_an_answer_without_diacritics_matches_only_when_the_question_allows_it() -> None:
    assert not matches("quoc hoi", ["Quốc hội"])
    assert matches("quoc hoi", ["Quốc hội"], ignore_diacritics=True)
    assert matches("Đà Nẵng", ["da nang"], ignore_diacritics=True)


def test_any_accepted_answer_matches_and_an_empty_one_never_does() -> None:
    assert matches("QH", ["Quốc hội", "QH"])
    assert not matches("", ["Quốc hội", ""])
    assert not matches("Chính phủ", ["Quốc hội"])


def test_accepted_answers_are_split_at_bars_semicolons_and_line_breaks() -> None:
    assert split_answers("Quốc hội | QH;quốc hội\nNghị viện") == ["Quốc hội", "QH", "Nghị viện"]
    assert split_answers("1,5") == ["1,5"]


@pytest.mark.parametrize(
    ("cell", "flag"), [("Có", True), ("x", True), ("1", True), ("", False), ("Không", False)]
)
def test_the_ignore_diacritics_flag_reads_yes_and_no(cell: str, flag: bool) -> None:
    assert parse_flag(cell) is flag


def test_an_unclear_flag_is_none() -> None:
    assert parse_flag("có lẽ") is None
