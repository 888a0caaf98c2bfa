"""The shared sample banks import completely and cleanly."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from tests.questions.importer.builders import SAMPLES, parse

TYPES = {"Một đáp án": "single", "Nhiều đáp án": "multiple", "Đúng/Sai": "true_false"}


def _sample(name: str):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


def test_sample_bank_gives_26_questions_and_no_errors() -> None:
    report = parse(_sample("ngan-hang-cau-hoi-mau.xlsx"))
    assert (len(report.questions), report.errors, report.duplicates) == (26, [], 0)
    first = report.questions[0]
    assert first.text.startswith("Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert first.legal_basis == "Điều 8 Luật Phổ biến, giáo dục pháp luật năm 2012"
    assert [o.is_correct for o in first.options] == [True, False, False, False]


def test_ten_thousand_question_bank_imports_without_errors() -> None:
    path = _sample("ngan-hang-10000-cau.xlsx")
    report = parse(path)
    assert (len(report.questions), report.errors, report.duplicates) == (10_000, [], 0)
    declared = [
        row[2] for row in CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()[1:]
    ]
    assert [q.qtype for q in report.questions] == [TYPES[name] for name in declared]
