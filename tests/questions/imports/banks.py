"""Banks as organizers really bring them, built by the tests: other platforms' workbooks, Word
lists in each key style, a Moodle export, a file only a person can read, a hostile workbook."""

from __future__ import annotations

import io

import docx

from tests.questions.importer.builders import far_reference_bank, xlsx_bytes

# Another public contest platform's export: "Câu a" options, numeric topic codes.
PLATFORM_HEADER = ["STT", "Câu hỏi", "Câu a", "Câu b", "Câu c", "Câu d", "Đáp án", "Lĩnh vực"]
PLATFORM_HEADER += ["Nhóm", "Điểm mặc định"]
PLATFORM_TOPICS = {"1": "Hiến pháp", "2": "Dân sự"}


def platform_bank(count: int = 6, *, code_sheet: bool = False) -> bytes:
    """count questions, topics as codes 1 and 2, the first worth 2 points; optionally the codes'
    names on a sheet of their own."""
    rows: list[list[object]] = [PLATFORM_HEADER]
    for n in range(1, count + 1):
        options = [f"Cơ quan {n}{letter}" for letter in "abcd"]
        points = 2 if n == 1 else 1
        rows.append(
            [n, f"Cơ quan nào có thẩm quyền số {n}?", *options, "c", n % 2 + 1, "A", points]
        )
    sheets = {"Câu hỏi": rows}
    if code_sheet:
        sheets["Lĩnh vực"] = [["Mã lĩnh vực", "Tên lĩnh vực"], [1, "Hiến pháp"], [2, "Dân sự"]]
    return xlsx_bytes(sheets)


TYPED_HEADER = ["STT", "Loại", "Câu hỏi", "Đáp án 1", "Đáp án 2", "Đáp án 3", "Đáp án 4"]
TYPED_HEADER += ["Đáp án đúng", "Đáp án nhiều", "Đáp án điền từ", "Bỏ qua dấu", "Lĩnh vực"]


def typed_template() -> bytes:
    """The same platform's typed template: chon_mot, chon_nhieu (a separate key), dien_tu."""
    rows = [
        TYPED_HEADER,
        [1, "chon_mot", "Hiến pháp hiện hành năm nào?", "1992", "2013", "1980", "2001", "2"]
        + ["", "", "", "Hiến pháp"],
        [2, "chon_nhieu", "Cơ quan nào do Quốc hội bầu?", "Chính phủ", "Tòa án", "UBND", "HĐND"]
        + ["", "1,2", "", "", "Hiến pháp"],
        [3, "dien_tu", "Cơ quan quyền lực nhà nước cao nhất là ___?", "", "", "", "", ""]
        + ["", "Quốc hội | Quốc Hội Việt Nam", "có", "Hiến pháp"],
    ]
    return xlsx_bytes({"Ngân hàng": rows})


UNREAD_HEADER = ["Mục", "Đề", "Lựa chọn thứ nhất", "Lựa chọn thứ hai", "Lựa chọn thứ ba"]
UNREAD_HEADER += ["Kết luận", "Phân loại"]
# What a person sees in it: column letter → field.
UNREAD_MAPPING = {"A": "ignore", "B": "question", "C": "option_a", "D": "option_b"}
UNREAD_MAPPING |= {"E": "option_c", "F": "key", "G": "topic"}


def unread_bank(count: int = 3) -> bytes:
    """A bank whose headers no detection knows; a person reads it without trouble."""
    rows: list[list[object]] = [UNREAD_HEADER]
    for n in range(1, count + 1):
        rows.append(
            [n, f"Người bao nhiêu tuổi là thành niên (câu {n})?", "16 tuổi", "18 tuổi"]
            + [f"{20 + n} tuổi", "B", "Dân sự"]
        )
    return xlsx_bytes({"Sheet1": rows})


def hostile_workbook() -> bytes:
    """A 7 KB workbook whose one cell reference is ZZZZZZZZZ2 (a reader would allocate ~198 GB)."""
    return far_reference_bank("ZZZZZZZZZ2")


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


WORD_STYLES = ("key_line", "marked", "answer_table")


def word_list(style: str = "key_line") -> bytes:
    """Three questions (the second with two keys) keyed in one of the styles departments use:
    an "Đáp án:" line under each question, the correct options in bold, or a table at the end."""
    document = docx.Document()
    document.add_heading("Hiến pháp", level=1)
    questions = [
        ("Hiến pháp hiện hành được thông qua năm nào?", ["1992", "2013", "1980"], "B"),
        ("Cơ quan nào do Quốc hội bầu?", ["Chính phủ", "Hội đồng bầu cử quốc gia", "UBND"], "A, B"),
        ("Quốc hội họp mấy kỳ mỗi năm?", ["Một kỳ", "Hai kỳ", "Ba kỳ"], "B"),
    ]
    for number, (text, options, key) in enumerate(questions, start=1):
        document.add_paragraph(f"Câu {number}. {text}")
        for letter, option in zip("ABC", options, strict=True):
            paragraph = document.add_paragraph(f"{letter}. ")
            run = paragraph.add_run(option)
            run.bold = style == "marked" and letter in key
        if style == "key_line":
            document.add_paragraph(f"Đáp án: {key}")
    if style == "answer_table":
        document.add_paragraph("BẢNG ĐÁP ÁN")
        table = document.add_table(rows=3, cols=2)
        for row, (number, (_text, _options, key)) in zip(
            table.rows, enumerate(questions, start=1), strict=True
        ):
            row.cells[0].text, row.cells[1].text = str(number), key
    return _saved(document)


MOODLE_QUIZ = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Hiến pháp</text></category></question>
  <question type="multichoice">
    <name><text>HP01</text></name>
    <questiontext format="html"><text><![CDATA[<p>Hiến pháp hiện hành năm nào?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>Năm 2013, Điều 120.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0"><text>1992</text><feedback><text>Bản cũ</text></feedback></answer>
    <answer fraction="100"><text>2013</text></answer>
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
    <questiontext format="moodle_auto_format"><text>Người đủ 18 tuổi là người thành niên.</text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>DS02</text></name>
    <questiontext format="html"><text>Thủ đô của Việt Nam là thành phố nào?</text></questiontext>
    <generalfeedback format="html"><text>Hà Nội là thủ đô.</text></generalfeedback>
    <usecase>0</usecase>
    <answer fraction="100"><text>Hà Nội</text></answer>
    <answer fraction="100"><text>Thành phố Hà Nội</text></answer>
  </question>
</quiz>
""".encode()
