"""Moodle XML banks: question types, categories, feedback and keys carried over."""

from __future__ import annotations

import pytest

from questions.importer import ALL_TYPES, WorkbookError, parse_bank
from questions.importer.formats.moodle import parse_moodle

QUIZ = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Hiến pháp</text></category></question>
  <question type="multichoice">
    <name><text>HP01</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Hiến pháp hiện hành<br>năm nào?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text>&lt;b&gt;Năm 2013&lt;/b&gt;, Điều 120.</text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0" format="html">
      <text>1992</text><feedback><text>Bản cũ</text></feedback>
    </answer>
    <answer fraction="100" format="html"><text>2013</text></answer>
  </question>
  <question type="multichoice">
    <name><text>HP02</text></name>
    <questiontext format="html"><text>Cơ quan nào do Quốc hội bầu?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Chính phủ</text></answer>
    <answer fraction="-100"><text>Ủy ban nhân dân</text></answer>
    <answer fraction="50"><text>Hội đồng bầu cử quốc gia</text></answer>
  </question>
  <question type="category"><category><text>$course$/top/Dân sự</text></category></question>
  <question type="truefalse">
    <name><text>DS01</text></name>
    <questiontext format="moodle_auto_format">
      <text>Người đủ 18 tuổi là người thành niên.</text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>DS02</text></name>
    <questiontext format="html"><text>Thủ đô của Việt Nam?</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>Hà Nội</text></answer>
    <answer fraction="100"><text>Ha Noi</text></answer>
    <answer fraction="0"><text>Huế</text></answer>
  </question>
  <question type="essay">
    <name><text>DS03</text></name>
    <questiontext format="html"><text>Trình bày quyền con người.</text></questiontext>
  </question>
</quiz>
""".encode()


def test_a_moodle_bank_carries_types_categories_keys_and_feedback() -> None:
    report = parse_moodle(QUIZ, "moodle.xml", accept_types=ALL_TYPES)
    single, multiple, true_false, fill = report.questions
    assert single.text == "Hiến pháp hiện hành năm nào?"
    assert single.explanation == "Năm 2013, Điều 120."
    assert (single.qtype, single.topic, single.points) == ("single", "Hiến pháp", 2.0)
    assert [(o.text, o.is_correct, o.feedback) for o in single.options] == [
        ("1992", False, "Bản cũ"),
        ("2013", True, None),
    ]
    assert (multiple.qtype, [o.is_correct for o in multiple.options]) == (
        "multiple",
        [True, False, True],
    )
    assert (true_false.qtype, true_false.topic) == ("true_false", "Dân sự")
    assert [(o.text, o.is_correct) for o in true_false.options] == [("Đúng", True), ("Sai", False)]
    assert (fill.qtype, fill.answers) == ("fill_in", ("Hà Nội", "Ha Noi"))
    assert report.source == "moodle"


def test_a_type_the_bank_does_not_have_is_an_error_naming_the_question() -> None:
    report = parse_moodle(QUIZ, "moodle.xml", accept_types=ALL_TYPES)
    assert [(e.row, e.code) for e in report.errors] == [(5, "unknown_type")]
    assert report.errors[0].message.startswith('Câu hỏi thứ 5 ("DS03"): ')


def test_parse_bank_dispatches_moodle_xml_by_its_extension() -> None:
    report = parse_bank(QUIZ, "ngan-hang.xml")
    assert [q.qtype for q in report.questions] == ["single", "multiple", "true_false"]
    assert [e.code for e in report.errors] == ["unsupported_type", "unknown_type"]


def test_a_moodle_file_with_a_dtd_is_refused() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "b">]><quiz>&a;</quiz>'
    with pytest.raises(WorkbookError) as caught:
        parse_moodle(hostile, "moodle.xml")
    assert caught.value.code == "unsafe_workbook"


@pytest.mark.parametrize("data", [b"<quiz><question", b"<html></html>", b"<quiz/>"])
def test_a_broken_or_empty_moodle_file_is_refused(data: bytes) -> None:
    with pytest.raises(WorkbookError) as caught:
        parse_moodle(data, "moodle.xml")
    assert caught.value.code == "invalid_workbook"
