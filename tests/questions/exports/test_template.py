"""The canonical bank workbook: exports read back as they were written, and it guides organizers."""

from __future__ import annotations

import io

import openpyxl
import pytest

from questions.exports.template import GUIDE_SHEET, SHEET, headers, write_bank, write_empty_template
from questions.importer import ALL_TYPES, ParsedOption, ParsedQuestion, parse_workbook


def _question(text: str, options: list[tuple[str, bool]], **fields: object) -> ParsedQuestion:
    values = {
        "sheet": "x",
        "row": 0,
        "qtype": "single",
        "topic": "Hiến pháp",
        "difficulty": "medium",
        "legal_basis": None,
        "explanation": None,
        "fingerprint": "",
        **fields,
    }
    labelled = tuple(ParsedOption("ABCDEFGHIJ"[i], t, c) for i, (t, c) in enumerate(options))
    return ParsedQuestion(text=text, options=labelled, **values)  # type: ignore[arg-type]


BANK = [
    _question(
        "Hiến pháp hiện hành được thông qua năm nào?",
        [("2013", True), ("1992", False), ("1980", False), ("2001", False)],
        legal_basis="Hiến pháp năm 2013",
        explanation="Quốc hội khóa XIII thông qua ngày 28/11/2013.",
        difficulty="easy",
    ),
    _question("=1+1 bằng mấy?", [("=2", True), ("+3", False), ("-4", False), ("@5", False)]),
    _question("Tuổi kết hôn của nữ?", [("18", True), ("20", False)], topic="Hôn nhân và gia đình"),
    _question(
        "Những quyền nào là quyền dân sự?",
        [("Quyền sống", True), ("Quyền bầu cử", False), ("Quyền tự do đi lại", True)],
        qtype="multiple",
        difficulty="hard",
    ),
    _question("Luật là bắt buộc chung.", [("Đúng", True), ("Sai", False)], qtype="true_false"),
    _question("Sáu phương án?", [(f"Phương án số {n}", n == 5) for n in range(6)], topic="Dân sự"),
    _question(
        "Thủ đô của Việt Nam là ___?",
        [],
        qtype="fill_in",
        answers=("Hà Nội", "Thành phố Hà Nội"),
        ignore_diacritics=True,
        points=1.5,
    ),
    _question("Câu hai điểm?", [("Có", True), ("Không", False)], points=2.0),
]


def _export(rows: list[ParsedQuestion]) -> bytes:
    buffer = io.BytesIO()
    write_bank(rows, buffer)
    return buffer.getvalue()


def _content(question: ParsedQuestion) -> tuple:
    options = tuple((o.label, o.text, o.is_correct) for o in question.options)
    return (
        question.text,
        question.qtype,
        options,
        question.topic,
        question.difficulty,
        question.legal_basis,
        question.explanation,
        question.answers,
        question.ignore_diacritics,
        question.points,
    )


def test_export_then_import_is_lossless() -> None:
    report = parse_workbook(_export(BANK), "export.xlsx", accept_types=ALL_TYPES)
    assert report.errors == []
    assert [_content(q) for q in report.questions] == [_content(q) for q in BANK]


def test_text_that_looks_like_a_formula_or_a_number_stays_text() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_export(BANK)))[SHEET]
    formula_like = [sheet.cell(3, column) for column in range(2, 8)]
    assert [cell.value for cell in formula_like] == [
        "=1+1 bằng mấy?",
        "Một đáp án",
        "=2",
        "+3",
        "-4",
        "@5",
    ]
    assert {cell.data_type for cell in formula_like} == {"s"}
    assert (sheet["D4"].value, sheet["D4"].data_type) == ("18", "s")


def test_header_row_is_canonical_bold_and_frozen_with_enough_option_columns() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_export(BANK)))[SHEET]
    first_row = [cell.value for cell in sheet[1]]
    assert first_row == headers(6)
    assert first_row[:5] == ["STT", "Câu hỏi", "Loại câu hỏi", "Phương án A", "Phương án B"]
    assert first_row[8:] == [
        "Phương án F",
        "Đáp án đúng",
        "Chủ đề",
        "Mức độ",
        "Căn cứ pháp lý",
        "Giải thích",
        "Đáp án điền từ",
        "Bỏ qua dấu",
        "Điểm",
    ]
    assert sheet["B1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_types_levels_and_answers_are_written_in_vietnamese() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_export(BANK)))[SHEET]
    answer, level, kind = (sheet.cell(5, column).value for column in (10, 12, 3))
    assert (answer, level, kind) == ("A, C", "Khó", "Nhiều đáp án")
    assert [sheet.cell(6, 3).value, sheet.cell(2, 12).value] == ["Đúng/Sai", "Dễ"]


def test_at_least_four_option_columns_even_for_a_true_false_bank() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_export(BANK[4:5])))[SHEET]
    assert [cell.value for cell in sheet[1]] == headers(4)


def test_rows_can_be_streamed_when_the_option_count_is_given() -> None:
    buffer = io.BytesIO()
    write_bank(iter(BANK[:3]), buffer, option_count=4)
    report = parse_workbook(buffer.getvalue(), "export.xlsx")
    assert [_content(q) for q in report.questions] == [_content(q) for q in BANK[:3]]


def test_empty_template_imports_as_zero_questions_and_no_errors() -> None:
    buffer = io.BytesIO()
    write_empty_template(buffer)
    report = parse_workbook(buffer.getvalue(), "mau.xlsx")
    assert (report.questions, report.errors, report.sheets) == ([], [], [SHEET])
    assert report.skipped_sheets == [GUIDE_SHEET]


def test_empty_template_explains_every_column_in_a_guide_sheet() -> None:
    buffer = io.BytesIO()
    write_empty_template(buffer)
    book = openpyxl.load_workbook(buffer)
    assert book.sheetnames == [SHEET, GUIDE_SHEET]
    assert [cell.value for cell in book[SHEET][1]] == headers(4)
    assert book[SHEET].max_row == 1
    explained = " ".join(
        str(cell.value) for row in book[GUIDE_SHEET].iter_rows() for cell in row if cell.value
    )
    for header in (
        "Câu hỏi",
        "Loại câu hỏi",
        "Đáp án đúng",
        "Chủ đề",
        "Mức độ",
        "Căn cứ pháp lý",
        "Giải thích",
    ):
        assert header in explained
    for value in ("Một đáp án", "Nhiều đáp án", "Đúng/Sai", "Dễ", "Trung bình", "Khó"):
        assert value in explained


def test_a_question_wider_than_the_announced_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="options"):
        write_bank(iter(BANK), io.BytesIO(), option_count=4)
