"""Banks exported from other platforms: option labels, keys, type codes, points, guide sheets."""

from __future__ import annotations

import pytest

from questions.importer import WorkbookError
from questions.importer.answers import ALL_TYPES, parse_answer, parse_type
from questions.importer.headers import OPTION, recognise
from tests.questions.importer.builders import error_keys, parse, xlsx_bytes

PLATFORM_HEADER = ["STT", "Câu hỏi", "Câu a", "Câu b", "Câu c", "Câu d", "Đáp án", "Lĩnh vực"]
PLATFORM_HEADER += ["Nhóm", "Điểm mặc định"]
PLATFORM_ROWS = [
    PLATFORM_HEADER,
    [1, "Hiến pháp hiện hành năm nào?", "1992", "2013", "1980", "2001", "B", 1, "A", 1],
    [2, "Cơ quan lập pháp?", "Chính phủ", "Quốc hội", "Tòa án", "Viện kiểm sát", 2, 2, "A", 2],
    [3, "Tuổi kết hôn của nữ?", "16", "18", "20", "21", "B", 1, "B", 0.5],
]
GUIDE_ROWS = [["Huong dan nhap lieu"], ["Cột", "Ý nghĩa"], ["Câu hỏi", "Nội dung câu hỏi"]]
CODE_ROWS = [["Mã", "Tên lĩnh vực"], [1, "Hiến pháp"], [2, "Tổ chức bộ máy nhà nước"]]

TYPED_HEADER = ["Câu hỏi", "Loại", "Câu a", "Câu b", "Câu c", "Câu d", "Đáp án", "Đáp án nhiều"]
TYPED_HEADER += ["Đáp án điền từ", "Bỏ dấu"]
TYPED_ROWS = [
    TYPED_HEADER,
    ["Ngày Pháp luật?", "chon_mot", "9/11", "2/9", "1/1", "30/4", "1", "", "", ""],
    ["Những ngày lễ?", "chon_nhieu", "1/1", "2/9", "14/2", "30/4", "", "2,4", "", ""],
    ["Cơ quan nào ban hành luật?", "dien_tu", "", "", "", "", "", "", "Quốc hội|QH", "có"],
]


def test_a_platform_bank_with_cau_a_options_and_topic_codes_imports_whole() -> None:
    data = xlsx_bytes({"Cau hoi": PLATFORM_ROWS, "Huong dan": GUIDE_ROWS, "Lĩnh vực": CODE_ROWS})
    report = parse(data)
    assert report.errors == []
    assert [q.topic for q in report.questions] == ["Hiến pháp", "Tổ chức bộ máy nhà nước"] + [
        "Hiến pháp"
    ]
    assert [q.points for q in report.questions] == [1, 2, 0.5]
    assert [[o.is_correct for o in q.options] for q in report.questions][1] == [0, 1, 0, 0]
    assert (report.guide_sheets, report.code_sheets) == (["Huong dan"], ["Lĩnh vực"])
    assert report.unresolved_codes == {}


def test_topic_codes_without_a_code_sheet_are_listed_for_the_preview_to_name() -> None:
    report = parse(xlsx_bytes({"Cau hoi": PLATFORM_ROWS}))
    assert report.unresolved_codes == {"topic": ["1", "2"]}
    assert report.mapping_unsure


def test_codes_given_by_the_caller_name_the_topics() -> None:
    codes = {"topic": {"1": "Hiến pháp", "02": "Bộ máy nhà nước"}}
    report = parse(xlsx_bytes({"Cau hoi": PLATFORM_ROWS}), codes=codes)
    assert {q.topic for q in report.questions} == {"Hiến pháp", "Bộ máy nhà nước"}
    assert report.unresolved_codes == {}


def test_difficulty_codes_resolve_through_a_code_sheet() -> None:
    rows = [["Câu hỏi", "A", "B", "Đáp án", "Mức độ"], ["Một?", "Có", "Không", "A", "NB"]]
    levels = [["Mã mức độ", "Tên mức độ"], ["NB", "Nhận biết"], ["VD", "Vận dụng"]]
    report = parse(xlsx_bytes({"S": rows, "Danh mục": levels}))
    assert [q.difficulty for q in report.questions] == ["easy"]


def test_an_unknown_difficulty_code_is_an_error_and_listed() -> None:
    rows = [["Câu hỏi", "A", "B", "Đáp án", "Mức độ"], ["Một?", "Có", "Không", "A", "M7"]]
    report = parse(xlsx_bytes({"S": rows}))
    assert error_keys(report) == [("S", 2, "E", "unknown_difficulty")]
    assert report.unresolved_codes == {"difficulty": ["M7"]}


def test_a_typed_template_reads_single_multiple_and_fill_in_questions() -> None:
    report = parse(xlsx_bytes({"S": TYPED_ROWS}), accept_types=ALL_TYPES)
    assert report.errors == []
    single, multiple, fill = report.questions
    assert (single.qtype, [o.is_correct for o in single.options]) == ("single", [1, 0, 0, 0])
    assert (multiple.qtype, [o.is_correct for o in multiple.options]) == ("multiple", [0, 1, 0, 1])
    assert (fill.qtype, fill.options, fill.answers) == ("fill_in", (), ("Quốc hội", "QH"))
    assert fill.ignore_diacritics


def test_fill_in_rows_are_errors_for_a_caller_that_cannot_store_them() -> None:
    report = parse(xlsx_bytes({"S": TYPED_ROWS}))
    assert [q.qtype for q in report.questions] == ["single", "multiple"]
    assert error_keys(report) == [("S", 4, "B", "unsupported_type")]
    assert report.errors[0].message == 'Câu hỏi loại "Điền từ" chưa nhập được vào ngân hàng này.'


def test_accepted_answers_may_stand_on_separate_lines() -> None:
    rows = [["Câu hỏi", "Đáp án điền từ"], ["Thủ đô?", "Hà Nội\nHa Noi\n Hà Nội "]]
    report = parse(xlsx_bytes({"S": rows}), accept_types=ALL_TYPES)
    assert report.questions[0].answers == ("Hà Nội", "Ha Noi")


def test_a_fill_in_row_with_options_says_to_drop_them_or_change_the_type() -> None:
    rows = [TYPED_HEADER, ["Điền?", "Điền từ", "Có", "Không", "", "", "", "", "x", ""]]
    report = parse(xlsx_bytes({"S": rows}), accept_types=ALL_TYPES)
    assert error_keys(report) == [("S", 2, "C", "fill_in_options")]


def test_a_bad_points_cell_is_named() -> None:
    rows = [["Câu hỏi", "A", "B", "Đáp án", "Điểm"], ["Một?", "Có", "Không", "A", "-1"]]
    report = parse(xlsx_bytes({"S": rows}))
    assert error_keys(report) == [("S", 2, "E", "invalid_points")]


@pytest.mark.parametrize(
    ("typed", "letter"),
    [
        ("Câu a", 0),
        ("Câu D", 3),
        ("PA1", 0),
        ("PA 2", 1),
        ("Lựa chọn 1", 0),
        ("Phương án 3", 2),
        ("Đáp án C", 2),
        ("Phương án F", 5),
        ("Ý b", 1),
    ],
)
def test_option_columns_in_every_common_labelling(typed: str, letter: int) -> None:
    assert recognise(typed) == (OPTION, letter)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("Đáp án nhiều", "multi_key"),
        ("Đáp án điền từ", "fill_answers"),
        ("Điểm mặc định", "points"),
        ("Điểm", "points"),
        ("Bỏ dấu", "ignore_diacritics"),
        ("Câu 1", None),
    ],
)
def test_other_platforms_columns_are_recognised(typed: str, field: str | None) -> None:
    known = recognise(typed)
    assert (known[0] if known else None) == field


@pytest.mark.parametrize(
    ("typed", "qtype"),
    [
        ("chon_mot", "single"),
        ("Chọn một", "single"),
        ("chon_nhieu", "multiple"),
        ("Nhiều đáp án", "multiple"),
        ("dung_sai", "true_false"),
        ("Đúng sai", "true_false"),
        ("dien_tu", "fill_in"),
        ("Điền từ", "fill_in"),
        ("shortanswer", "fill_in"),
        ("single", "single"),
        ("true_false", "true_false"),
        ("fill_in", "fill_in"),
        ("Trắc nghiệm", "choice"),
        ("Tự luận", None),
    ],
)
def test_type_codes_in_vietnamese_words_and_other_platforms_codes(typed: str, qtype: str) -> None:
    assert parse_type(typed) == qtype


@pytest.mark.parametrize(
    ("key", "correct"),
    [("2,4", {1, 3}), ("B và D", {1, 3}), ("A;C", {0, 2}), ("A, C", {0, 2}), ("Bốn", {3})],
)
def test_keys_as_letters_numbers_lists_or_the_options_own_text(key: str, correct: set) -> None:
    assert parse_answer(key, ["Một", "Hai", "Ba", "Bốn"]) == correct


def test_a_guide_sheet_is_never_quoted_as_a_banks_headers() -> None:
    rows = [["Nội dung", "Lựa chọn thứ nhất", "Lựa chọn thứ hai", "Kết quả"], ["Một?", "Có", "", 1]]
    guide = [["Câu hỏi", "Phương án A", "Phương án B", "Giải thích"], ["x", "y", "z", "w"]]
    with pytest.raises(WorkbookError) as caught:
        parse(xlsx_bytes({"Đề": rows, "Huong dan": guide}))
    assert list(caught.value.details["headers_found"]) == ["Đề"]
    assert "Huong dan" not in caught.value.message
    assert caught.value.message.count('"Nội dung"') == 1


def test_an_unrecognised_column_with_data_makes_the_detection_unsure() -> None:
    report = parse(xlsx_bytes({"Cau hoi": PLATFORM_ROWS}))
    mapping = report.mapping
    assert mapping is not None
    assert "unknown_columns" in mapping.unsure
    fields = {column.header: column.field for column in mapping.columns}
    assert fields["Nhóm"] is None
    assert fields["Câu a"] == "option_a"
    assert fields["Điểm mặc định"] == "points"
    assert mapping.columns[1].samples == (
        "Hiến pháp hiện hành năm nào?",
        "Cơ quan lập pháp?",
        "Tuổi kết hôn của nữ?",
    )
