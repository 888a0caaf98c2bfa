"""Word question lists: numbered questions, options, and keys in every style departments use."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor

from questions.importer import WorkbookError
from questions.importer.answers import ALL_TYPES
from questions.importer.formats.docx import parse_docx
from tests.questions.importer.builders import (
    SOFFICE,
    build_zip,
    deflated_filler,
    part,
    soffice_convert,
)


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _keys(report) -> list[list[str]]:
    return [[o.label for o in q.options if o.is_correct] for q in report.questions]


def test_a_key_line_under_each_question() -> None:
    document = docx.Document()
    document.add_paragraph("Câu 1. Hiến pháp hiện hành được thông qua năm nào?")
    for text in ["A. 1992", "B. 2013", "C. 1980", "D. 2001"]:
        document.add_paragraph(text)
    document.add_paragraph("Đáp án: B")
    document.add_paragraph("Câu 2: Những cơ quan nào do Quốc hội bầu?")
    document.add_paragraph("A. Chính phủ\tB. Hội đồng bầu cử quốc gia")
    document.add_paragraph("C. Kiểm toán nhà nước     D. Ủy ban nhân dân")
    document.add_paragraph("Đáp án: A, B, C")
    document.add_paragraph("Giải thích: Điều 70 Hiến pháp.")
    report = parse_docx(_save(document), "de.docx")
    assert report.errors == []
    assert _keys(report) == [["B"], ["A", "B", "C"]]
    assert [q.qtype for q in report.questions] == ["single", "multiple"]
    assert [q.row for q in report.questions] == [1, 7]
    assert report.questions[1].explanation == "Điều 70 Hiến pháp."
    assert report.source == "docx"


def test_a_marked_option_is_the_key_bold_underlined_or_coloured() -> None:
    document = docx.Document()
    for number, style in enumerate(["bold", "underline", "color"], start=1):
        document.add_paragraph(f"{number}. Câu hỏi đánh dấu kiểu {style}?")
        for letter, text in zip("ABC", ["Một", "Hai", "Ba"], strict=True):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{letter}. ")
            run = paragraph.add_run(text)
            if letter == "C":
                if style == "color":
                    run.font.color.rgb = RGBColor(0xFF, 0, 0)
                else:
                    setattr(run, style, True)
    report = parse_docx(_save(document), "de.docx")
    assert report.errors == []
    assert _keys(report) == [["C"], ["C"], ["C"]]


def test_an_answer_table_at_the_end_keys_the_questions() -> None:
    document = docx.Document()
    for number in (1, 2, 3):
        document.add_paragraph(f"Câu {number}. Câu hỏi số {number}?")
        document.add_paragraph("a) Có    b) Không")
    document.add_paragraph("BẢNG ĐÁP ÁN")
    table = document.add_table(rows=3, cols=2)
    for row, (number, letter) in zip(table.rows, [(1, "A"), (2, "B"), (3, "b")], strict=True):
        row.cells[0].text, row.cells[1].text = str(number), letter
    report = parse_docx(_save(document), "de.docx")
    assert report.errors == []
    assert _keys(report) == [["A"], ["B"], ["B"]]


def test_an_answer_section_lists_keys_by_number() -> None:
    document = docx.Document()
    for number in (1, 2):
        document.add_paragraph(f"Câu {number}: Câu hỏi số {number}?")
        document.add_paragraph("A. Có")
        document.add_paragraph("B. Không")
    document.add_paragraph("ĐÁP ÁN")
    document.add_paragraph("1.B   2-A")
    report = parse_docx(_save(document), "de.docx")
    assert _keys(report) == [["B"], ["A"]]


def test_headings_become_topics() -> None:
    document = docx.Document()
    document.add_heading("PHẦN I. HIẾN PHÁP", level=1)
    document.add_paragraph("Câu 1. Một?")
    document.add_paragraph("A. Có")
    document.add_paragraph("B. Không")
    document.add_paragraph("Đáp án: A")
    bold = document.add_paragraph().add_run("LUẬT DÂN SỰ")
    bold.bold = True
    document.add_paragraph("Câu 2. Hai?")
    document.add_paragraph("A. Có")
    document.add_paragraph("B. Không")
    document.add_paragraph("Đáp án: B")
    report = parse_docx(_save(document), "de.docx")
    assert [q.topic for q in report.questions] == ["Hiến pháp", "Luật dân sự"]


def test_a_question_without_options_and_a_text_key_is_fill_in() -> None:
    document = docx.Document()
    document.add_paragraph("Câu 1. Thủ đô của Việt Nam là ______.")
    document.add_paragraph("Đáp án: Hà Nội | Ha Noi")
    report = parse_docx(_save(document), "de.docx", accept_types=ALL_TYPES)
    assert [(q.qtype, q.answers) for q in report.questions] == [("fill_in", ("Hà Nội", "Ha Noi"))]


def test_errors_point_at_the_paragraph_and_quote_it() -> None:
    document = docx.Document()
    document.add_paragraph("Đề thi tìm hiểu pháp luật")
    document.add_paragraph("Câu 1. Một?")
    document.add_paragraph("A. Có")
    document.add_paragraph("B. Không")
    document.add_paragraph("Đáp án: E")
    report = parse_docx(_save(document), "de.docx")
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (5, None, "answer_option_missing")
    ]
    assert report.errors[0].message.startswith('Đoạn 5 ("Đáp án: E"): ')


def test_a_document_without_numbered_questions_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("Chỉ là một công văn.")
    with pytest.raises(WorkbookError) as caught:
        parse_docx(_save(document), "cong-van.docx")
    assert caught.value.code == "invalid_workbook"


def test_a_document_bomb_is_refused_before_python_docx_reads_it() -> None:
    bomb = part("word/document.xml", b"")
    bomb.payload, bomb.size = deflated_filler(150 * 1024 * 1024), 150 * 1024 * 1024
    with pytest.raises(WorkbookError) as caught:
        parse_docx(build_zip([bomb]), "bom.docx")
    assert caught.value.code == "unsafe_workbook"


def test_a_document_with_an_entity_declaration_is_refused() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><w:document/>'
    with pytest.raises(WorkbookError) as caught:
        parse_docx(build_zip([part("word/document.xml", xml)]), "dtd.docx")
    assert caught.value.code == "unsafe_workbook"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_list_saved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Câu 1. Hiến pháp hiện hành năm nào?")
    document.add_paragraph("A. 1992")
    document.add_paragraph("B. 2013")
    red = document.add_paragraph().add_run("Đáp án: B")
    red.font.color.rgb = RGBColor(0xC0, 0, 0)
    (tmp_path / "de.docx").write_bytes(_save(document))
    odt = soffice_convert(tmp_path / "de.docx", "odt")
    again = soffice_convert(odt, "docx")
    report = parse_docx(again.read_bytes(), "de.docx")
    assert _keys(report) == [["B"]]
