"""Error codes and their Vietnamese messages: one place, so the wording stays consistent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Whole-file problems: the upload is refused and nothing is imported.
INVALID_WORKBOOK = "invalid_workbook"
ENCRYPTED_WORKBOOK = "encrypted_workbook"
EMPTY_WORKBOOK = "empty_workbook"
NO_HEADER = "no_header"
FILE_TOO_LARGE = "file_too_large"
UNSAFE_WORKBOOK = "unsafe_workbook"

# Row problems: the row is reported and skipped, the other rows still parse.
MISSING_QUESTION = "missing_question"
TOO_FEW_OPTIONS = "too_few_options"
ANSWER_OPTION_EMPTY = "answer_option_empty"
ANSWER_OPTION_MISSING = "answer_option_missing"
NO_CORRECT_ANSWER = "no_correct_answer"
INVALID_ANSWER = "invalid_answer"
MULTIPLE_ANSWERS_SINGLE = "multiple_answers_single"
TRUE_FALSE_OPTIONS = "true_false_options"
UNKNOWN_TYPE = "unknown_type"
UNKNOWN_DIFFICULTY = "unknown_difficulty"
TEXT_TOO_LONG = "text_too_long"
UNSUPPORTED_TYPE = "unsupported_type"
INVALID_POINTS = "invalid_points"
INVALID_FLAG = "invalid_flag"
FILL_IN_NO_ANSWER = "fill_in_no_answer"
FILL_IN_OPTIONS = "fill_in_options"

ACCEPTED = ".xlsx, .xlsm, .xls hoặc .ods"

_WORKBOOK_MESSAGES = {
    INVALID_WORKBOOK: 'Tệp "{filename}" không phải bảng tính đọc được ({reason}). '
    "Hãy tải lên tệp " + ACCEPTED + ".",
    ENCRYPTED_WORKBOOK: 'Tệp "{filename}" được đặt mật khẩu mở tệp. '
    "Hãy gỡ mật khẩu trong Excel (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi tải lên lại.",
    EMPTY_WORKBOOK: 'Tệp "{filename}" không có dữ liệu: mọi trang tính đều trống.',
    NO_HEADER: "Chưa nhận ra đủ các cột của ngân hàng câu hỏi: {found}. Còn thiếu {missing}. "
    "Hãy chọn ý nghĩa của từng cột (câu hỏi, phương án, đáp án …) rồi nhập lại.",
    FILE_TOO_LARGE: "Tệp nặng {size_mb} MB, vượt giới hạn {limit_mb} MB.",
    UNSAFE_WORKBOOK: 'Tệp "{filename}" bị từ chối vì lý do an toàn: {reason}.',
}

_ROW_MESSAGES = {
    MISSING_QUESTION: 'Thiếu nội dung câu hỏi: ô ở cột "{header}" đang trống.',
    TOO_FEW_OPTIONS: "Câu hỏi cần ít nhất hai phương án nhưng chỉ có {count} phương án "
    "được điền (các cột {headers}).",
    ANSWER_OPTION_EMPTY: 'Đáp án đúng "{answer}" trỏ tới phương án {label} nhưng cột '
    '"{option_header}" trống.',
    ANSWER_OPTION_MISSING: 'Đáp án đúng "{answer}" trỏ tới phương án {label} nhưng tệp không có '
    "cột phương án {label} (chỉ có {labels}).",
    NO_CORRECT_ANSWER: 'Chưa có đáp án đúng: cột "{header}" trống và không phương án nào được '
    "đánh dấu * ở đầu.",
    INVALID_ANSWER: 'Không hiểu đáp án đúng "{answer}" ở cột "{header}": {hint}.',
    MULTIPLE_ANSWERS_SINGLE: 'Câu hỏi loại "{qtype}" chỉ được có một đáp án đúng nhưng có '
    "{count} đáp án ({labels}).",
    TRUE_FALSE_OPTIONS: 'Câu hỏi loại "{qtype}" cần đúng hai phương án nhưng dòng này có '
    "{count} phương án.",
    UNKNOWN_TYPE: 'Loại câu hỏi "{value}" ở cột "{header}" không hợp lệ: dùng "Một đáp án", '
    '"Nhiều đáp án", "Đúng/Sai" hoặc "Điền từ".',
    UNSUPPORTED_TYPE: 'Câu hỏi loại "{qtype}" chưa nhập được vào ngân hàng này.',
    INVALID_POINTS: 'Điểm "{value}" ở cột "{header}" không hợp lệ: ghi một số dương đến 1000, '
    "ví dụ 1 hoặc 0,5.",
    INVALID_FLAG: 'Giá trị "{value}" ở cột "{header}" không hợp lệ: ghi "Có" hoặc "Không".',
    FILL_IN_NO_ANSWER: 'Câu điền từ chưa có đáp án: cột "{header}" trống.',
    FILL_IN_OPTIONS: 'Câu hỏi loại "{qtype}" không dùng phương án nhưng dòng này có {count} '
    "phương án: hãy xoá các phương án hoặc đổi loại câu hỏi.",
    UNKNOWN_DIFFICULTY: 'Mức độ "{value}" ở cột "{header}" không hợp lệ: dùng "Dễ", '
    '"Trung bình" hoặc "Khó".',
    TEXT_TOO_LONG: 'Nội dung ở cột "{header}" dài {length} ký tự, vượt giới hạn {limit} ký tự.',
}

# Variants of a code whose cause needs a different sentence.
ANSWER_TEXT_UNMATCHED = 'Đáp án đúng "{answer}" không trùng với nội dung phương án nào ở dòng này.'
NO_ANSWER_COLUMN = (
    "Chưa có đáp án đúng: tệp không có cột đáp án và không phương án nào được đánh dấu * ở đầu."
)
# The names of the fields a mapping assigns, as the messages and the mapping page show them.
FIELD_NAMES = {
    "question": "câu hỏi",
    "key": "đáp án đúng",
    "multi_key": "đáp án (nhiều)",
    "fill_answers": "đáp án điền từ",
    "type": "loại câu hỏi",
    "topic": "chủ đề",
    "difficulty": "mức độ",
    "points": "điểm",
    "legal_basis": "căn cứ pháp lý",
    "explanation": "giải thích",
    "ignore_diacritics": "bỏ qua dấu",
    "ignore": "bỏ qua",
} | {f"option_{letter}": f"phương án {letter.upper()}" for letter in "abcdefghij"}
HINT_LETTERS = 'hãy ghi chữ cái của phương án đúng, ví dụ "B" hoặc "A, C"'
HINT_RANGE = 'không rõ là hai phương án hay một khoảng; hãy liệt kê, ví dụ "A, C" hoặc "A, B, C"'
HINT_NUMBER = (
    "số này vừa là số thứ tự của một phương án vừa là nội dung của phương án khác; "
    "hãy ghi chữ cái của phương án"
)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or a whole row when column is None), as the user sees it."""

    sheet: str
    row: int
    column: str | None
    code: str
    message: str


class WorkbookError(Exception):
    """The file as a whole cannot be imported; carries a stable code and a Vietnamese message."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details: dict[str, Any] = details or {}

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def workbook_error(code: str, details: dict[str, Any] | None = None, **fmt: Any) -> WorkbookError:
    """Build a WorkbookError whose message is the code's template filled with ``fmt``."""
    return WorkbookError(code, _WORKBOOK_MESSAGES[code].format(**fmt), details or {})


def row_message(code: str, **fmt: Any) -> str:
    """The Vietnamese sentence for a row error code."""
    return _ROW_MESSAGES[code].format(**fmt)


def shorten(value: str, limit: int = 60) -> str:
    """Quote-friendly excerpt of a cell value, so a long cell does not swamp the message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
