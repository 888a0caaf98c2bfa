"""A question's content and its rules: fill-in answers, points, options by type."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from contest.core.errors import InvalidInput
from questions.content import QuestionInput, question_fingerprint, validate_question
from questions.importer import fingerprint
from questions.models import Difficulty, QuestionType
from questions.services import OptionInput

FILL_IN = QuestionInput(
    text="Cơ quan quyền lực nhà nước cao nhất là ___?",
    qtype=QuestionType.FILL_IN,
    options=[],
    topic="Hiến pháp",
    difficulty=Difficulty.MEDIUM,
    answers=["Quốc hội", "  Quốc   Hội  Việt Nam "],
)


def refused_fields(data: QuestionInput) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        validate_question(data)
    return refused.value.details["fields"]


def test_a_fill_in_question_needs_only_its_accepted_answers():
    validate_question(FILL_IN)
    assert FILL_IN.accepted == ["Quốc hội", "Quốc Hội Việt Nam"]


def test_accepted_answers_drop_blanks_and_repeats_that_compare_equal():
    data = replace(FILL_IN, answers=["Quốc hội", "", "QUỐC HỘI", " quốc  hội "])
    assert data.accepted == ["Quốc hội"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answers": []}, "answers"),
        ({"answers": ["   "]}, "answers"),
        ({"answers": ["Quốc hội; Chính phủ"]}, "answers"),
        ({"answers": ["Quốc hội | Chính phủ"]}, "answers"),
        ({"answers": ["x" * 201]}, "answers"),
        ({"answers": [f"Đáp án {n}" for n in range(21)]}, "answers"),
        ({"options": [OptionInput("Có", True), OptionInput("Không", False)]}, "options"),
        ({"points": 0.0}, "points"),
        ({"points": 1001.0}, "points"),
        ({"points": math.nan}, "points"),
    ],
)
def test_a_fill_in_question_is_refused_naming_the_field(changes, field):
    assert field in refused_fields(replace(FILL_IN, **changes))


def test_a_choice_question_may_not_carry_fill_in_answers():
    data = QuestionInput(
        "Câu?",
        QuestionType.SINGLE,
        [OptionInput("Có", True), OptionInput("Không", False)],
        "Hiến pháp",
        Difficulty.EASY,
        answers=["Có"],
    )
    assert set(refused_fields(data)) == {"answers"}


def test_a_fill_in_fingerprint_is_the_importers():
    assert question_fingerprint(FILL_IN) == fingerprint(FILL_IN.text, FILL_IN.accepted)
