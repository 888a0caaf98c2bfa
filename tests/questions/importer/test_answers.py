"""Answer keys, question types and levels, in every form organizers type them."""

from __future__ import annotations

import pytest

from questions.importer.answers import (
    AnswerProblem,
    parse_answer,
    parse_difficulty,
    parse_type,
    true_false_pair,
)
from questions.importer.errors import HINT_NUMBER, HINT_RANGE
from tests.questions.importer.builders import HEADER, bank_row, error_keys, parse, xlsx_bytes

FOUR = ["Một", "Hai", "Ba", "Bốn"]
TRUE_FALSE = ["Đúng", "Sai", "", ""]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("B", {1}),
        ("b", {1}),
        ("B.", {1}),
        ("b.", {1}),
        ("(B)", {1}),
        ("B)", {1}),
        ("[b]", {1}),
        ("Đáp án B", {1}),
        ("Phương án: C", {2}),
    ],
)
def test_single_letter_in_any_punctuation_is_accepted(cell: str, expected: set[int]) -> None:
    assert parse_answer(cell, FOUR) == expected


def test_lowercase_dotted_answer_letter_is_accepted() -> None:
    assert parse_answer("c.", FOUR) == {2}


@pytest.mark.parametrize(
    "cell", ["A, C", "A,C", "A;C", "A; C", "A/C", "AC", "ac", "A và C", "a and c", "A C"]
)
def test_several_letters_in_any_list_form_are_accepted(cell: str) -> None:
    assert parse_answer(cell, FOUR) == {0, 2}


def test_three_letters_comma_separated() -> None:
    assert parse_answer("A,B,C", FOUR) == {0, 1, 2}


@pytest.mark.parametrize(("cell", "expected"), [("2", {1}), ("1,3", {0, 2}), ("1 và 4", {0, 3})])
def test_option_numbers_count_from_one(cell: str, expected: set[int]) -> None:
    assert parse_answer(cell, FOUR) == expected


def test_full_text_of_the_correct_option_is_accepted() -> None:
    options = ["Ngày 2 tháng 9", "Ngày 9 tháng 11", "Ngày 1 tháng 1", ""]
    assert parse_answer("Ngày 9 tháng 11", options) == {1}
    assert parse_answer("ngay 9 thang 11.", options) == {1}


def test_a_number_that_is_an_options_text_picks_that_option() -> None:
    assert parse_answer("18", ["16", "17", "18", "19"]) == {2}


def test_a_number_that_is_both_a_position_and_another_options_text_is_refused() -> None:
    with pytest.raises(AnswerProblem) as problem:
        parse_answer("2", ["2", "3", "4", "5"])
    assert (problem.value.code, problem.value.hint) == ("invalid_answer", HINT_NUMBER)


def test_a_letter_range_is_refused_as_ambiguous() -> None:
    with pytest.raises(AnswerProblem) as problem:
        parse_answer("A-C", FOUR)
    assert (problem.value.code, problem.value.hint) == ("invalid_answer", HINT_RANGE)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Đúng", {0}),
        ("đúng", {0}),
        ("Đ", {0}),
        ("TRUE", {0}),
        ("Sai", {1}),
        ("S", {1}),
        ("false", {1}),
    ],
)
def test_true_false_answers_in_words(cell: str, expected: set[int]) -> None:
    assert parse_answer(cell, TRUE_FALSE) == expected


def test_true_false_words_follow_the_options_not_their_order() -> None:
    assert parse_answer("Đúng", ["Sai", "Đúng"]) == {1}


def test_letters_past_the_options_are_returned_for_the_caller_to_report() -> None:
    assert parse_answer("E", FOUR) == {4}


def test_text_matching_no_option_is_an_unmatched_answer() -> None:
    with pytest.raises(AnswerProblem) as problem:
        parse_answer("Năm mươi", FOUR)
    assert problem.value.code == "answer_option_missing"


@pytest.mark.parametrize("cell", ["?", "0", "-", "A-"])
def test_unreadable_answer_is_invalid(cell: str) -> None:
    with pytest.raises(AnswerProblem) as problem:
        parse_answer(cell, FOUR)
    assert problem.value.code == "invalid_answer"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Một đáp án", "single"),
        ("Mot dap an", "single"),
        ("Một lựa chọn", "single"),
        ("single", "single"),
        ("Single", "single"),
        ("Nhiều đáp án", "multiple"),
        ("nhieu lua chon", "multiple"),
        ("Multiple", "multiple"),
        ("Đúng/Sai", "true_false"),
        ("Đúng sai", "true_false"),
        ("True/False", "true_false"),
        ("Tự luận", None),
    ],
)
def test_question_types(cell: str, expected: str | None) -> None:
    assert parse_type(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Dễ", "easy"),
        ("de", "easy"),
        ("Easy", "easy"),
        ("Nhận biết", "easy"),
        ("1", "easy"),
        ("Trung bình", "medium"),
        ("TB", "medium"),
        ("Thông hiểu", "medium"),
        ("2", "medium"),
        ("Khó", "hard"),
        ("Vận dụng", "hard"),
        ("hard", "hard"),
        ("3", "hard"),
        ("Rất khó", None),
    ],
)
def test_difficulty_levels(cell: str, expected: str | None) -> None:
    assert parse_difficulty(cell) == expected


def test_true_false_pair_needs_exactly_the_two_words() -> None:
    assert true_false_pair(["Đúng", "Sai", "", ""]) == (0, 1)
    assert true_false_pair(["Sai", "Đúng"]) == (1, 0)
    assert true_false_pair(["Đúng", "Sai", "Không rõ"]) is None
    assert true_false_pair(["Có", "Không"]) is None


def test_star_marks_the_correct_option_when_there_is_no_answer_column() -> None:
    header = ["Câu hỏi", "A", "B", "C"]
    rows = [
        header,
        ["Thủ đô của Việt Nam?", "Huế", "*Hà Nội", "* Đà Nẵng"],
        ["Không đánh dấu?", "Một", "Hai", ""],
    ]
    report = parse(xlsx_bytes({"Địa lý": rows}))
    question = report.questions[0]
    assert [(o.text, o.is_correct) for o in question.options] == [
        ("Huế", False),
        ("Hà Nội", True),
        ("Đà Nẵng", True),
    ]
    assert question.qtype == "multiple"
    assert error_keys(report) == [("Địa lý", 3, None, "no_correct_answer")]


def test_several_answers_for_a_declared_true_false_question_is_an_error() -> None:
    rows = [HEADER, bank_row("Hai đáp án đúng sai?", ["Đúng", "Sai"], "A, B", qtype="Đúng/Sai")]
    report = parse(xlsx_bytes({"S": rows}))
    assert error_keys(report) == [("S", 2, "H", "multiple_answers_single")]


def test_boolean_cells_read_as_true_and_false() -> None:
    rows = [HEADER, bank_row("Luật là bắt buộc chung?", [True, False], True)]
    question = parse(xlsx_bytes({"S": rows})).questions[0]
    assert question.qtype == "true_false"
    assert [(o.text, o.is_correct) for o in question.options] == [("Đúng", True), ("Sai", False)]
