"""The report handed to the import service: counts, duplicates, progress, JSON shape."""

from __future__ import annotations

from questions.importer import fingerprint
from tests.questions.importer.builders import HEADER, bank_row, parse, xlsx_bytes

ROWS = [
    HEADER,
    bank_row("Một?", ["Có", "Không"], "A", topic="Hiến pháp", level="Dễ"),
    bank_row("Hai?", ["Có", "Không", "Chưa"], "A, C", topic="hiến  pháp", level="Khó"),
    bank_row("Ba?", ["Đúng", "Sai"], "B", topic="Dân sự"),
    bank_row("Một?", ["Không", "Có"], "B", topic="Hiến pháp"),  # duplicate of row 2
    bank_row("", ["Có", "Không"], "A"),  # error
]


def test_by_topic_counts_questions_per_topic_level_and_type() -> None:
    report = parse(xlsx_bytes({"S": ROWS}))
    assert report.by_topic() == {
        "Hiến pháp": {"easy": {"single": 1}, "hard": {"multiple": 1}},
        "Dân sự": {"medium": {"true_false": 1}},
    }


def test_topics_differing_only_in_case_and_spacing_are_one_topic() -> None:
    report = parse(xlsx_bytes({"S": ROWS}))
    assert {q.topic for q in report.questions} == {"Hiến pháp", "Dân sự"}


def test_to_dict_is_the_api_answer() -> None:
    answer = parse(xlsx_bytes({"S": ROWS})).to_dict(imported=3)
    assert list(answer) == ["imported", "duplicates", "errors", "converted_rows", "by_topic"]
    assert (answer["imported"], answer["duplicates"], answer["converted_rows"]) == (3, 1, [])
    assert answer["errors"] == [
        {
            "sheet": "S",
            "row": 6,
            "column": "B",
            "code": "missing_question",
            "message": 'Thiếu nội dung câu hỏi: ô ở cột "Câu hỏi" đang trống.',
        }
    ]


def test_questions_already_in_the_bank_are_skipped_as_duplicates() -> None:
    known = {fingerprint("Ba?", ["Sai", "Đúng"])}
    report = parse(xlsx_bytes({"S": ROWS}), known_fingerprints=known)
    assert [q.text for q in report.questions] == ["Một?", "Hai?"]
    assert report.duplicates == 2


def test_progress_is_reported_up_to_the_total() -> None:
    rows = [HEADER, *[bank_row(f"Câu số {n}?", ["Có", "Không"], "A") for n in range(2500)]]
    calls: list[tuple[int, int]] = []
    parse(xlsx_bytes({"S": rows}), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_a_header_without_rows_gives_no_questions_and_no_errors() -> None:
    report = parse(xlsx_bytes({"S": [HEADER]}))
    assert (report.questions, report.errors, report.rows_read) == ([], [], 0)


def test_prefilled_rows_without_question_options_or_answer_are_blank() -> None:
    rows = [HEADER, [1, "", "Một đáp án", "", "", "", "", "", "Hiến pháp", "Dễ", "", ""]]
    report = parse(xlsx_bytes({"S": rows}))
    assert (report.rows_read, report.errors) == (0, [])


def test_each_overlong_cell_is_reported_in_its_own_column() -> None:
    rows = [
        HEADER,
        bank_row("Q" * 2001, ["O" * 1001, "Ngắn"], "A", topic="T" * 201, explain="E" * 4001),
    ]
    report = parse(xlsx_bytes({"S": rows}))
    assert [(e.column, e.code) for e in report.errors] == [
        ("B", "text_too_long"),
        ("D", "text_too_long"),
        ("I", "text_too_long"),
        ("L", "text_too_long"),
    ]
    assert report.errors[0].message == (
        'Nội dung ở cột "Câu hỏi" dài 2001 ký tự, vượt giới hạn 2000 ký tự.'
    )
