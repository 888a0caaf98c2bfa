"""Finding the header row and the meaning of each column, however it was typed."""

from __future__ import annotations

import pytest

from questions.importer.headers import OPTION, header_key, recognise
from questions.importer.layout import find_layout
from questions.importer.text import CellCleaner
from tests.questions.importer.builders import error_keys, parse, xlsx_bytes


@pytest.mark.parametrize(
    "typed", ["Câu hỏi", "CAU HOI", "câu  hỏi:", "Câu hỏi (bắt buộc)", " Câu\nhỏi "]
)
def test_header_matching_ignores_case_spacing_punctuation_and_diacritics(typed: str) -> None:
    assert header_key(typed) == "cau hoi"
    assert recognise(typed) == ("question", 1)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("Nội dung câu hỏi", "question"),
        ("Nội dung", "question"),
        ("Question", "question"),
        ("Đáp án đúng", "answer"),
        ("Đáp án", "answer"),
        ("Correct answer", "answer"),
        ("Loại câu hỏi", "qtype"),
        ("Type", "qtype"),
        ("Lĩnh vực", "topic"),
        ("Chuyên đề", "topic"),
        ("Độ khó", "difficulty"),
        ("Level", "difficulty"),
        ("Căn cứ", "legal_basis"),
        ("Legal basis", "legal_basis"),
        ("Ghi chú giải thích", "explanation"),
        ("STT", "ignored"),
        ("No.", "ignored"),
    ],
)
def test_vietnamese_and_english_aliases_name_each_field(typed: str, field: str) -> None:
    known = recognise(typed)
    assert known is not None
    assert known[0] == field


@pytest.mark.parametrize(
    ("typed", "letter"),
    [
        ("Phương án A", 0),
        ("Đáp án B", 1),
        ("Lựa chọn C", 2),
        ("D", 3),
        ("Option E", 4),
        ("PA F", 5),
        ("Phương án 1", 0),
        ("Phương án 10", 9),
        ("(A)", 0),
    ],
)
def test_option_columns_are_named_by_letter_or_number(typed: str, letter: int) -> None:
    assert recognise(typed) == (OPTION, letter)


def test_answer_alone_is_the_answer_column_and_answer_with_a_letter_is_an_option() -> None:
    assert recognise("Đáp án")[0] == "answer"  # type: ignore[index]
    assert recognise("Đáp án A") == (OPTION, 0)


@pytest.mark.parametrize("typed", ["1", "Ghi chú", "Phương án", "Phương án K", "Ngân hàng câu hỏi"])
def test_other_headers_are_not_recognised(typed: str) -> None:
    assert recognise(typed) is None


def test_header_is_found_below_title_rows_within_the_first_twenty() -> None:
    rows = [["Tiêu đề"], [], *[["dòng ghi chú"]] * 15, ["Câu hỏi", "A", "B", "Đáp án"]]
    layout = find_layout(rows, CellCleaner().text)
    assert layout is not None
    assert (layout.header_row, layout.question, layout.options, layout.answer) == (
        17,
        0,
        ((0, 1), (1, 2)),
        3,
    )


def test_header_below_row_twenty_is_not_looked_for() -> None:
    rows = [*[["ghi chú"]] * 20, ["Câu hỏi", "A", "B", "Đáp án"]]
    assert find_layout(rows, CellCleaner().text) is None


def test_a_row_needs_a_question_and_two_options_to_be_the_header() -> None:
    rows = [["Câu hỏi", "Phương án A", "Đáp án"], ["Câu hỏi", "Phương án A", "Phương án B"]]
    layout = find_layout(rows, CellCleaner().text)
    assert layout is not None
    assert layout.header_row == 1


def test_full_question_text_column_wins_over_a_numbering_column() -> None:
    rows = [["Câu hỏi", "Nội dung câu hỏi", "A", "B", "Đáp án"]]
    layout = find_layout(rows, CellCleaner().text)
    assert layout is not None
    assert layout.question == 1


def test_two_row_header_with_letters_under_a_merged_options_cell() -> None:
    rows = [
        ["STT", "Câu hỏi", "Phương án trả lời", None, None, "Đáp án"],
        [None, None, "A", "B", "C", None],
        [1, "Hiến pháp năm nào?", "2013", "1992", "1980", "A"],
    ]
    report = parse(xlsx_bytes({"S": rows}, merges={"S": "C1:E1"}))
    assert [(q.row, q.options[0].text, q.options[0].is_correct) for q in report.questions] == [
        (3, "2013", True)
    ]


def test_column_letters_count_from_the_real_first_column() -> None:
    rows = [[None, None, "Câu hỏi", "A", "B", "Đáp án"], [None, None, "", "Có", "Không", "A"]]
    report = parse(xlsx_bytes({"S": rows}))
    assert error_keys(report) == [("S", 2, "C", "missing_question")]


def test_a_repeated_header_row_is_skipped_not_reported() -> None:
    header = ["Câu hỏi", "A", "B", "Đáp án"]
    rows = [header, ["Một?", "Có", "Không", "A"], header, ["Hai?", "Có", "Không", "B"]]
    report = parse(xlsx_bytes({"S": rows}))
    assert (len(report.questions), report.errors) == (2, [])
