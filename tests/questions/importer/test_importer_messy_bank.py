"""A bank as organizers send them: every quirk the importer absorbs, every error it names."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from questions.importer import ParseReport
from tests.questions.importer.builders import error_keys, parse, xlsx_bytes

CONSTITUTION, CIVIL, NOTES = "Hiến pháp", "Dân sự", "Ghi chú"
NFD = "NFD"
LONG = "Điều " * 801  # 4,005 characters once collapsed


def _row(question, a, b, c, d, answer, level="", topic="", legal="", explain="", qtype=""):
    # Shuffled columns, matching MESSY_HEADER below.
    return [None, question, answer, b, a, c, d, level, topic, legal, explain, qtype]


MESSY_HEADER = [
    "stt",
    "cau hoi",
    "DAP AN DUNG",
    "Phuong an B",
    "phương án  a",
    "Phương án C:",
    "PHƯƠNG ÁN D",
    "muc do",
    "Chu de",
    "Can cu phap ly",
    "Giai thich",
    "loai",
]
NINTH = "Ngày Pháp luật Việt Nam là ngày nào?"
CONSTITUTION_ROWS = [
    ["NGÂN HÀNG CÂU HỎI THI TÌM HIỂU PHÁP LUẬT NĂM 2026"],
    ["Đơn vị: Sở Tư pháp"],
    [],
    MESSY_HEADER,
    # 5: lowercase dotted answer, no topic (sheet name stands in)
    _row(
        NINTH, "Ngày 9 tháng 11", "Ngày 2 tháng 9", "Ngày 1 tháng 1", "Ngày 28 tháng 11", "a.", "de"
    ),
    [],  # 6: blank
    # 7: decomposed Unicode, bracketed answer, non-breaking space and newline inside the text
    _row(
        unicodedata.normalize(NFD, "Hiến pháp hiện hành\u00a0được thông qua\nnăm nào?"),
        unicodedata.normalize(NFD, "Năm 2013"),
        "Năm 1992",
        "Năm 1980",
        "Năm 2001",
        "(A)",
        "Trung bình",
        qtype="Mot dap an",
    ),
    # 8: row 5 again, options shuffled and shouting: a duplicate, not an error
    _row(
        NINTH.upper(),
        "NGÀY 28 THÁNG 11",
        "Ngày 1 tháng 1",
        "Ngày 2 tháng 9",
        "Ngày 9 tháng 11",
        "D",
    ),
    # 9: numbers as options
    _row("Nữ từ đủ bao nhiêu tuổi được kết hôn?", 18, 20.0, 16, 21.5, "A", "Dễ", "Hôn nhân"),
    # 10: a date as an option
    _row("Luật PBGDPL 2012 có hiệu lực từ ngày nào?", date(2013, 1, 1), "01/7/2012", "", "", "A"),
    # 11: several answers, declared multiple
    _row(
        "Những ngày nào là ngày lễ?",
        "Ngày 2 tháng 9",
        "Ngày 3 tháng 2",
        "Ngày 30 tháng 4",
        "",
        "a, c",
        "Khó",
        qtype="Nhiều đáp án",
    ),
    # 12: true/false inferred from the options, answered in words
    _row("Hiến pháp là luật cơ bản của Nhà nước.", "Đúng", "Sai", "", "", "Đúng"),
    # 13..: one row per error code
    _row("", "Có", "Không", "", "", "A"),  # 13 missing_question
    _row("Chỉ có một phương án?", "Có", "", "", "", "A"),  # 14 too_few_options
    _row("Đáp án trỏ vào ô trống?", "Một", "Hai", "Ba", "", "D"),  # 15 answer_option_empty
    _row("Đáp án E ở đâu?", "Một", "Hai", "Ba", "Bốn", "E"),  # 16 answer_option_missing
    _row(
        "Đáp án bằng chữ không khớp?", "Một", "Hai", "Ba", "Bốn", "Năm mươi"
    ),  # 17 answer_option_missing
    _row("Quên đáp án?", "Một", "Hai", "Ba", "Bốn", ""),  # 18 no_correct_answer
    _row("Khoảng đáp án mơ hồ?", "Một", "Hai", "Ba", "Bốn", "A-C"),  # 19 invalid_answer
    _row("Một đáp án mà hai đúng?", "Một", "Hai", "Ba", "", "A, B", qtype="Một đáp án"),  # 20
    _row("Đúng sai mà ba phương án?", "Đúng", "Sai", "Chưa rõ", "", "A", qtype="Đúng/Sai"),  # 21
    _row("Loại lạ?", "Một", "Hai", "", "", "A", qtype="Tự luận"),  # 22 unknown_type
    _row("Mức độ lạ?", "Một", "Hai", "", "", "A", "Rất khó"),  # 23 unknown_difficulty
    _row("Căn cứ quá dài?", "Một", "Hai", "", "", "A", legal=LONG),  # 24 text_too_long
    _row("", "Một", "Hai", "", "", "A", "Siêu khó"),  # 25: two errors in one row
]
CIVIL_ROWS = [
    ["Nội dung câu hỏi", "Đáp án A", "Đáp án B", "Đáp án C", "Đáp án", "Độ khó"],
    ["Người từ đủ bao nhiêu tuổi có năng lực hành vi dân sự đầy đủ?", "16", "18", "20", "b", "TB"],
    [
        "Những giao dịch nào phải lập thành văn bản?",
        "Mua bán nhà ở",
        "Mua rau",
        "Tặng cho đất",
        "A và C",
        "",
    ],
    [NINTH, "Ngày 2 tháng 9", "Ngày 9 tháng 11", "Ngày 1 tháng 1", ""],  # 4: no answer
    ["Thời hiệu khởi kiện hợp đồng là mấy năm?", "1 năm", "3 năm", "5 năm", 2.0, "Khó"],
]
NOTES_ROWS = [["Tệp do phòng Phổ biến pháp luật tổng hợp."], ["Liên hệ: 0123 456 789"]]


@pytest.fixture(scope="module")
def report() -> ParseReport:
    data = xlsx_bytes(
        {CONSTITUTION: CONSTITUTION_ROWS, CIVIL: CIVIL_ROWS, NOTES: NOTES_ROWS},
        merges={CONSTITUTION: "A1:L1"},
    )
    return parse(data)


def test_every_error_is_reported_with_sheet_row_column_and_code(report: ParseReport) -> None:
    assert error_keys(report) == [
        (CONSTITUTION, 13, "B", "missing_question"),
        (CONSTITUTION, 14, "D", "too_few_options"),
        (CONSTITUTION, 15, "C", "answer_option_empty"),
        (CONSTITUTION, 16, "C", "answer_option_missing"),
        (CONSTITUTION, 17, "C", "answer_option_missing"),
        (CONSTITUTION, 18, "C", "no_correct_answer"),
        (CONSTITUTION, 19, "C", "invalid_answer"),
        (CONSTITUTION, 20, "C", "multiple_answers_single"),
        (CONSTITUTION, 21, "L", "true_false_options"),
        (CONSTITUTION, 22, "L", "unknown_type"),
        (CONSTITUTION, 23, "H", "unknown_difficulty"),
        (CONSTITUTION, 24, "J", "text_too_long"),
        (CONSTITUTION, 25, "B", "missing_question"),
        (CONSTITUTION, 25, "H", "unknown_difficulty"),
        (CIVIL, 4, "E", "no_correct_answer"),
    ]


def test_exactly_the_valid_rows_are_imported(report: ParseReport) -> None:
    imported = [(question.sheet, question.row) for question in report.questions]
    assert imported == [
        (CONSTITUTION, 5),
        (CONSTITUTION, 7),
        (CONSTITUTION, 9),
        (CONSTITUTION, 10),
        (CONSTITUTION, 11),
        (CONSTITUTION, 12),
        (CIVIL, 2),
        (CIVIL, 3),
        (CIVIL, 5),
    ]


def test_shuffled_or_shouted_copy_counts_as_duplicate(report: ParseReport) -> None:
    assert report.duplicates == 1


def test_every_non_blank_row_is_accounted_for(report: ParseReport) -> None:
    rows_in_error = {(error.sheet, error.row) for error in report.errors}
    assert report.rows_read == len(report.questions) + report.duplicates + len(rows_in_error)


def test_sheet_without_a_header_is_skipped_and_named(report: ParseReport) -> None:
    assert report.sheets == [CONSTITUTION, CIVIL]
    assert report.skipped_sheets == [NOTES]


def test_sheet_name_is_the_topic_when_the_topic_cell_or_column_is_missing(
    report: ParseReport,
) -> None:
    topics = {(question.sheet, question.row): question.topic for question in report.questions}
    assert topics[(CONSTITUTION, 5)] == CONSTITUTION
    assert topics[(CONSTITUTION, 9)] == "Hôn nhân"
    assert topics[(CIVIL, 2)] == CIVIL


def test_decomposed_text_is_stored_composed_with_spaces_collapsed(report: ParseReport) -> None:
    question = _question(report, CONSTITUTION, 7)
    assert question.text == "Hiến pháp hiện hành được thông qua năm nào?"
    assert unicodedata.is_normalized("NFC", question.options[0].text)
    assert question.options[0].text == "Năm 2013"
    assert question.options[0].is_correct


def test_numbers_and_dates_read_as_excel_shows_them(report: ParseReport) -> None:
    ages = [option.text for option in _question(report, CONSTITUTION, 9).options]
    assert ages == ["18", "20", "16", "21.5"]
    assert _question(report, CONSTITUTION, 10).options[0].text == "01/01/2013"


def test_options_follow_letters_not_column_order(report: ParseReport) -> None:
    question = _question(report, CONSTITUTION, 5)
    assert [(o.label, o.text, o.is_correct) for o in question.options] == [
        ("A", "Ngày 9 tháng 11", True),
        ("B", "Ngày 2 tháng 9", False),
        ("C", "Ngày 1 tháng 1", False),
        ("D", "Ngày 28 tháng 11", False),
    ]


def test_types_and_levels_are_read_or_inferred(report: ParseReport) -> None:
    kinds = {(q.sheet, q.row): (q.qtype, q.difficulty) for q in report.questions}
    assert kinds[(CONSTITUTION, 5)] == ("single", "easy")
    assert kinds[(CONSTITUTION, 11)] == ("multiple", "hard")
    assert kinds[(CONSTITUTION, 12)] == ("true_false", "medium")
    assert kinds[(CIVIL, 2)] == ("single", "medium")
    assert kinds[(CIVIL, 3)] == ("multiple", "medium")
    assert kinds[(CIVIL, 5)] == ("single", "hard")


def test_answers_in_words_and_numbers_pick_the_right_options(report: ParseReport) -> None:
    def correct(sheet: str, row: int) -> list[str]:
        return [o.label for o in _question(report, sheet, row).options if o.is_correct]

    assert correct(CONSTITUTION, 12) == ["A"]  # "Đúng"
    assert correct(CIVIL, 3) == ["A", "C"]  # "A và C"
    assert correct(CIVIL, 5) == ["B"]  # the number 2


def test_empty_option_message_names_the_column_as_typed(report: ParseReport) -> None:
    message = next(e.message for e in report.errors if e.code == "answer_option_empty")
    assert message == 'Đáp án đúng "D" trỏ tới phương án D nhưng cột "PHƯƠNG ÁN D" trống.'


def test_missing_option_column_message_lists_the_columns_there_are(report: ParseReport) -> None:
    messages = [e.message for e in report.errors if e.code == "answer_option_missing"]
    assert messages[0] == (
        'Đáp án đúng "E" trỏ tới phương án E nhưng tệp không có cột phương án E '
        "(chỉ có A, B, C, D)."
    )
    assert (
        messages[1] == 'Đáp án đúng "Năm mươi" không trùng với nội dung phương án nào ở dòng này.'
    )


def test_too_long_message_names_the_column_and_the_limit(report: ParseReport) -> None:
    message = next(e.message for e in report.errors if e.code == "text_too_long")
    assert message == 'Nội dung ở cột "Can cu phap ly" dài 4004 ký tự, vượt giới hạn 4000 ký tự.'


def _question(report: ParseReport, sheet: str, row: int):
    return next(q for q in report.questions if (q.sheet, q.row) == (sheet, row))
