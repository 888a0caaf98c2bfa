"""Vietnamese names of the bank's enumerations (the API and the files use the English values)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questions.models import Difficulty, QuestionType

TYPE_LABELS = {
    QuestionType.SINGLE: _l("Một đáp án"),
    QuestionType.MULTIPLE: _l("Nhiều đáp án"),
    QuestionType.TRUE_FALSE: _l("Đúng/Sai"),
    QuestionType.FILL_IN: _l("Điền từ"),
}
DIFFICULTY_LABELS = {
    Difficulty.EASY: _l("Dễ"),
    Difficulty.MEDIUM: _l("Trung bình"),
    Difficulty.HARD: _l("Khó"),
}
ENCODING_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
# What a column of a bank can be read as (the import's mapping step), in the importer's names.
FIELD_LABELS = {
    "question": _l("Câu hỏi"),
    **{f"option_{letter.lower()}": _l("Phương án %(l)s", l=letter) for letter in "ABCDEFGHIJ"},
    "key": _l("Đáp án đúng"),
    "multi_key": _l("Đáp án đúng (cột riêng cho câu nhiều đáp án)"),
    "fill_answers": _l("Đáp án điền từ"),
    "type": _l("Loại câu hỏi"),
    "topic": _l("Chủ đề"),
    "difficulty": _l("Mức độ"),
    "points": _l("Điểm"),
    "legal_basis": _l("Căn cứ pháp lý"),
    "explanation": _l("Giải thích"),
    "ignore_diacritics": _l("Chấp nhận câu trả lời không dấu"),
    "ignore": _l("Bỏ qua cột này"),
}
UNSURE_LABELS = {
    "unknown_columns": _l("có cột chưa nhận ra"),
    "duplicate_field": _l("hai cột cùng được đọc là một trường"),
}
SOURCE_LABELS = {
    "workbook": _l("Bảng tính"),
    "docx": _l("Văn bản Word (.docx)"),
    "moodle": _l("Moodle XML"),
}


def type_label(value: str | QuestionType) -> str:
    return str(TYPE_LABELS.get(QuestionType(value), value))


def difficulty_label(value: str | Difficulty) -> str:
    return str(DIFFICULTY_LABELS.get(Difficulty(value), value))


def points_label(value: float | None) -> str:
    """A question's own points the Vietnamese way (1,5), or "" when the round's scoring applies."""
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")


def field_label(value: str | None) -> str:
    return str(FIELD_LABELS.get(value or "ignore", value))


def encoding_label(value: str) -> str:
    return ENCODING_LABELS.get(value, value)
