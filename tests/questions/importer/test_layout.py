"""A bank whose columns cannot be recognised: a clear "mapping needed", then a whole import."""

from __future__ import annotations

import pytest

from questions.importer import WorkbookError
from questions.importer.layout import header_signature
from tests.questions.importer.builders import parse, xlsx_bytes

HEADER = ["TT", "Nội dung", "Lựa chọn thứ nhất", "Lựa chọn thứ hai", "Trả lời đúng", "Ghi chú"]
ROWS = [
    ["NGÂN HÀNG CÂU HỎI"],
    HEADER,
    [1, "Hiến pháp hiện hành năm nào?", "2013", "1992", "A", "x"],
    [2, "Cơ quan lập pháp?", "Chính phủ", "Quốc hội", "B", ""],
]
MAPPING = {2: "option_a", 3: "option_b", "Trả lời đúng": "key", "Ghi chú": "ignore"}


def _needs_mapping(data: bytes) -> WorkbookError:
    with pytest.raises(WorkbookError) as caught:
        parse(data)
    return caught.value


def test_a_file_that_needs_a_mapping_says_so_with_every_column_and_samples() -> None:
    error = _needs_mapping(xlsx_bytes({"Đề": ROWS}))
    assert error.code == "no_header"
    details = error.details
    assert details["mapping_needed"] is True
    assert details["missing"] == ["option_a", "option_b", "key"]
    proposal = details["mapping"]
    assert (proposal["sheet"], proposal["header_row"], proposal["needed"]) == ("Đề", 2, True)
    assert proposal["signature"] == header_signature(HEADER)
    columns = {column["header"]: column for column in proposal["columns"]}
    assert columns["Nội dung"]["field"] == "question"
    assert columns["Trả lời đúng"] == {
        "index": 4,
        "letter": "E",
        "header": "Trả lời đúng",
        "samples": ("A", "B"),
        "field": None,
    }


def test_the_same_file_parses_whole_with_the_mapping() -> None:
    report = parse(xlsx_bytes({"Đề": ROWS}), mapping=MAPPING)
    assert report.errors == []
    assert [[o.is_correct for o in q.options] for q in report.questions] == [[1, 0], [0, 1]]
    assert report.mapping is not None
    assert report.mapping.signature == header_signature(HEADER)
    assert not report.mapping.unsure


def test_a_mapping_by_header_text_finds_its_columns_wherever_they_moved() -> None:
    moved = [[row[0], row[1], row[4], row[3], row[2]] for row in ROWS[1:]]
    mapping = {
        "Lựa chọn thứ nhất": "option_a",
        "Lựa chọn thứ hai": "option_b",
        "Trả lời đúng": "key",
    }
    report = parse(xlsx_bytes({"Đề": moved}), mapping=mapping)
    assert [q.options[0].text for q in report.questions] == ["2013", "Chính phủ"]


def test_a_mapping_overrides_what_detection_would_read() -> None:
    rows = [["Câu hỏi", "A", "B", "Đáp án", "Đáp án đúng"], ["Một?", "Có", "Không", "x", "B"]]
    report = parse(xlsx_bytes({"S": rows}), mapping={3: "ignore", 4: "key"})
    assert [o.is_correct for o in report.questions[0].options] == [False, True]


def test_an_explicit_header_row_is_used_as_given() -> None:
    report = parse(xlsx_bytes({"Đề": ROWS}), mapping=MAPPING, header_row=2)
    assert len(report.questions) == 2


def test_the_signature_ignores_case_diacritics_and_trailing_empty_headers() -> None:
    assert header_signature(["Câu hỏi", "Kết quả", ""]) == header_signature(["CAU HOI", "ket qua"])
    assert header_signature(["Câu hỏi", "Trả lời đúng"]) != header_signature(
        ["Trả lời đúng", "Câu hỏi"]
    )
