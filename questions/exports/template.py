"""The canonical question-bank workbook: exports write it, the importer reads it back losslessly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO, Protocol

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

SHEET = "Ngân hàng câu hỏi"
GUIDE_SHEET = "Hướng dẫn"
MIN_OPTIONS = 4
LETTERS = "ABCDEFGHIJ"
TYPE_NAMES = {"single": "Một đáp án", "multiple": "Nhiều đáp án", "true_false": "Đúng/Sai"}
TYPE_NAMES |= {"fill_in": "Điền từ"}
ANSWER_SEPARATOR = " | "  # between a fill-in question's accepted answers
DIFFICULTY_NAMES = {"easy": "Dễ", "medium": "Trung bình", "hard": "Khó"}
_WIDTHS = {"STT": 6, "Câu hỏi": 60, "Loại câu hỏi": 14, "Đáp án đúng": 12, "Chủ đề": 24}
_WIDTHS |= {"Mức độ": 12, "Căn cứ pháp lý": 40, "Giải thích": 50}
_WIDTHS |= {"Đáp án điền từ": 30, "Bỏ qua dấu": 10, "Điểm": 8}
_OPTION_WIDTH = 30
# Strings stay strings: "=1+1", "18" or "http://..." in a question must not turn into a
# formula, a number or a link, or the export would not read back as it was written.
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class TemplateOption(Protocol):
    """An option as the exporter needs it (ParsedOption and QuestionOption both fit)."""

    text: str
    is_correct: bool


class TemplateRow(Protocol):
    """A question as the exporter needs it (ParsedQuestion fits)."""

    text: str
    qtype: str
    options: Sequence[TemplateOption]
    topic: str
    difficulty: str
    legal_basis: str | None
    explanation: str | None
    answers: Sequence[str]
    ignore_diacritics: bool
    points: float | None


def headers(option_count: int = MIN_OPTIONS) -> list[str]:
    """The canonical header row for a bank with that many option columns."""
    options = [f"Phương án {letter}" for letter in LETTERS[: max(option_count, MIN_OPTIONS)]]
    return ["STT", "Câu hỏi", "Loại câu hỏi", *options, "Đáp án đúng", "Chủ đề", "Mức độ"] + [
        "Căn cứ pháp lý",
        "Giải thích",
        "Đáp án điền từ",
        "Bỏ qua dấu",
        "Điểm",
    ]


def write_bank(
    rows: Iterable[TemplateRow], target: BinaryIO, *, option_count: int | None = None
) -> None:
    """Write questions in the import layout, so an export can be edited and imported again.

    Without option_count the rows are read once to find the widest question; pass it to
    stream a large bank straight from a query.
    """
    if option_count is None:
        rows = list(rows)
        option_count = max((len(row.options) for row in rows), default=MIN_OPTIONS)
    option_count = max(option_count, MIN_OPTIONS)
    if option_count > len(LETTERS):
        raise ValueError(f"the import layout has at most {len(LETTERS)} options per question")
    workbook = xlsxwriter.Workbook(target, _OPTIONS)
    sheet, wrap = _bank_sheet(workbook, option_count)
    for number, row in enumerate(rows, start=1):
        _write_row(sheet, number, row, option_count, wrap)
    workbook.close()


def write_empty_template(target: BinaryIO) -> None:
    """An empty bank (header row only) plus a sheet explaining each column, for organizers."""
    workbook = xlsxwriter.Workbook(target, _OPTIONS)
    _bank_sheet(workbook, MIN_OPTIONS)
    _guide_sheet(workbook)
    workbook.close()


def _bank_sheet(workbook: xlsxwriter.Workbook, option_count: int) -> tuple[Worksheet, Format]:
    bold = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
    )
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(SHEET)
    names = headers(option_count)
    for column, name in enumerate(names):
        sheet.set_column(column, column, _WIDTHS.get(name, _OPTION_WIDTH), wrap)
    sheet.freeze_panes(1, 0)
    for column, name in enumerate(names):
        sheet.write_string(0, column, name, bold)
    return sheet, wrap


def _write_row(
    sheet: Worksheet, number: int, row: TemplateRow, option_count: int, wrap: Format
) -> None:
    options = list(row.options)
    if len(options) > option_count:
        raise ValueError(f"a question has {len(options)} options, the sheet {option_count}")
    answer = ", ".join(LETTERS[i] for i, option in enumerate(options) if option.is_correct)
    texts = [option.text for option in options] + [""] * (option_count - len(options))
    cells = [
        row.text,
        TYPE_NAMES.get(row.qtype, row.qtype),
        *texts,
        answer,
        row.topic,
        DIFFICULTY_NAMES.get(row.difficulty, row.difficulty),
        row.legal_basis or "",
        row.explanation or "",
        ANSWER_SEPARATOR.join(row.answers),
        "Có" if row.ignore_diacritics else "",
    ]
    sheet.write_number(number, 0, number)
    for column, value in enumerate(cells, start=1):
        if value:
            sheet.write_string(number, column, value, wrap)
    if row.points is not None:
        sheet.write_number(number, len(cells) + 1, row.points)


_GUIDE = [
    ("STT", "Không", "Số thứ tự, chỉ để dễ theo dõi; hệ thống bỏ qua cột này.", "1, 2, 3 …"),
    (
        "Câu hỏi",
        "Có",
        "Nội dung câu hỏi. Dòng không có câu hỏi, phương án và đáp án được bỏ qua.",
        "",
    ),
    (
        "Loại câu hỏi",
        "Không",
        "Một đáp án, Nhiều đáp án, Đúng/Sai hoặc Điền từ. Để trống: hai phương án Đúng và Sai "
        "là câu Đúng/Sai; nhiều đáp án đúng là câu nhiều đáp án; còn lại là câu một đáp án.",
        "Một đáp án",
    ),
    (
        "Phương án A, B, C, D …",
        "Ít nhất 2",
        "Các phương án trả lời; thêm cột Phương án E, F … (tối đa J) nếu cần. "
        "Câu Đúng/Sai ghi Đúng ở phương án A và Sai ở phương án B.",
        "Ngày 9 tháng 11",
    ),
    (
        "Đáp án đúng",
        "Có",
        "Chữ cái của phương án đúng; nhiều đáp án thì ngăn cách bằng dấu phẩy. "
        "Cũng nhận số thứ tự (2 là B) hoặc chép nguyên nội dung phương án đúng.",
        "B  hoặc  A, C",
    ),
    ("Chủ đề", "Không", "Lĩnh vực pháp luật. Để trống thì lấy tên trang tính.", "Hiến pháp"),
    ("Mức độ", "Không", "Dễ, Trung bình hoặc Khó. Để trống là Trung bình.", "Trung bình"),
    (
        "Căn cứ pháp lý",
        "Không",
        "Điều, khoản, văn bản quy định nội dung câu hỏi.",
        "Điều 8 Luật PBGDPL 2012",
    ),
    ("Giải thích", "Không", "Giải thích hiện cho thí sinh sau khi tuần thi kết thúc.", ""),
    (
        "Đáp án điền từ",
        "Câu điền từ",
        "Với câu Điền từ (thí sinh tự gõ câu trả lời): các đáp án được chấp nhận, ngăn cách "
        "bằng dấu |. Câu trả lời đúng khi trùng một đáp án, không phân biệt chữ hoa, chữ thường "
        "và khoảng trắng thừa. Câu điền từ để trống các cột phương án và cột Đáp án đúng.",
        "Quốc hội | Quốc Hội Việt Nam",
    ),
    (
        "Bỏ qua dấu",
        "Không",
        "Câu điền từ: ghi Có để chấp nhận cả câu trả lời gõ không dấu (Quoc hoi).",
        "Có",
    ),
    (
        "Điểm",
        "Không",
        "Điểm riêng của câu hỏi. Để trống thì tính theo cách tính điểm của tuần thi.",
        "2  hoặc  0,5",
    ),
]
_NOTES = [
    "Dòng tiêu đề có thể nằm dưới vài dòng tên cuộc thi; các cột có thể xếp theo thứ tự bất kỳ.",
    "Có thể chia câu hỏi thành nhiều trang tính; khi không có cột Chủ đề, tên trang là chủ đề.",
    "Câu hỏi trùng với câu đã có trong ngân hàng được bỏ qua, không báo lỗi.",
    "Mỗi lỗi được báo kèm tên trang, số dòng và cột để sửa ngay trong tệp.",
]


def _guide_sheet(workbook: xlsxwriter.Workbook) -> None:
    # Written one column per row so the importer never mistakes this sheet for a bank.
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    title = workbook.add_format({"bold": True, "font_size": 14})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(GUIDE_SHEET)
    for column, width in enumerate((24, 12, 70, 28)):
        sheet.set_column(column, column, width, wrap)
    sheet.write_string(0, 0, "Cách điền ngân hàng câu hỏi", title)
    for column, name in enumerate(("Cột", "Bắt buộc", "Ý nghĩa và giá trị hợp lệ", "Ví dụ")):
        sheet.write_string(2, column, name, bold)
    for offset, entry in enumerate(_GUIDE, start=3):
        for column, value in enumerate(entry):
            if value:
                sheet.write_string(offset, column, value, wrap)
    for offset, note in enumerate(_NOTES, start=len(_GUIDE) + 4):
        sheet.write_string(offset, 0, "• " + note)
