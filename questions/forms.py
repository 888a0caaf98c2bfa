"""The question editor's form; the rules themselves live in the services."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FieldList, FormField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from questions.labels import DIFFICULTY_LABELS, TYPE_LABELS, points_label
from questions.models import Difficulty, QuestionType
from questions.services import LABELS, OptionInput, QuestionInput

EXTRA_OPTION_ROWS = 2
MIN_OPTION_ROWS = 4


class OptionForm(Form):
    """One option row of the editor (a sub-form: the CSRF token lives on the parent)."""

    text = StringField(_l("Phương án"))
    is_correct = BooleanField(_l("Đúng"))
    feedback = StringField(_l("Phản hồi khi chọn phương án này"))


class QuestionForm(FlaskForm):
    text = TextAreaField(_l("Nội dung câu hỏi"))
    qtype = SelectField(
        _l("Loại câu hỏi"), choices=[(t.value, label) for t, label in TYPE_LABELS.items()]
    )
    options = FieldList(FormField(OptionForm), min_entries=MIN_OPTION_ROWS, max_entries=len(LABELS))
    topic = StringField(_l("Chủ đề"))
    difficulty = SelectField(
        _l("Mức độ"), choices=[(d.value, label) for d, label in DIFFICULTY_LABELS.items()]
    )
    answers = TextAreaField(_l("Đáp án được chấp nhận (mỗi dòng một đáp án)"))
    ignore_diacritics = BooleanField(_l("Chấp nhận cả câu trả lời gõ không dấu"))
    points = StringField(_l("Điểm riêng của câu"))
    legal_basis = TextAreaField(_l("Căn cứ pháp lý"))
    explanation = TextAreaField(_l("Giải thích (hiện cho thí sinh sau khi tuần thi kết thúc)"))
    change_note = StringField(_l("Ghi chú thay đổi"))
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])  # the version edited

    @classmethod
    def for_question(cls, data: QuestionInput, version: int) -> QuestionForm:
        """The editor filled with a version's content, plus a couple of empty option rows."""
        rows = min(len(LABELS), max(MIN_OPTION_ROWS, len(data.options) + EXTRA_OPTION_ROWS))
        options = [
            {"text": o.text, "is_correct": o.is_correct, "feedback": o.feedback or ""}
            for o in data.options
        ]
        options += [{"text": "", "is_correct": False, "feedback": ""}] * (rows - len(options))
        return cls(
            formdata=None,
            text=data.text,
            qtype=QuestionType(data.qtype).value,
            options=options,
            topic=data.topic,
            difficulty=Difficulty(data.difficulty).value,
            legal_basis=data.legal_basis or "",
            explanation=data.explanation or "",
            answers="\n".join(data.answers),
            ignore_diacritics=data.ignore_diacritics,
            points=points_label(data.points),
            version=version,
        )

    @classmethod
    def blank(cls) -> QuestionForm:
        """The editor for a new question: a single-choice question with four empty options."""
        empty = QuestionInput("", QuestionType.SINGLE, [], "", Difficulty.MEDIUM)
        return cls.for_question(empty, 0)

    def to_input(self) -> QuestionInput:
        """What the organizer typed, for the services to validate and save.

        The form shows option rows and an answers box together: a fill-in question keeps only
        its answers, the other types only their options, whatever else is left typed.
        """
        qtype = QuestionType(self.qtype.data)
        fill_in = qtype == QuestionType.FILL_IN
        options = [
            OptionInput(
                entry.form.text.data or "",
                bool(entry.form.is_correct.data),
                entry.form.feedback.data or None,
            )
            for entry in self.options
        ]
        return QuestionInput(
            text=self.text.data or "",
            qtype=qtype,
            options=[] if fill_in else options,
            topic=self.topic.data or "",
            difficulty=Difficulty(self.difficulty.data),
            legal_basis=self.legal_basis.data,
            explanation=self.explanation.data,
            answers=(self.answers.data or "").splitlines() if fill_in else (),
            ignore_diacritics=bool(self.ignore_diacritics.data) and fill_in,
            points=parse_points(self.points.data),
        )

    def show_errors(self, fields: dict[str, str]) -> None:
        """Attach the services' field errors (text, options, topic …) to the form's fields."""
        for name, message in fields.items():
            field = getattr(self, name, None)
            if field is not None:
                field.errors = [*field.errors, message]


def parse_points(text: str | None) -> float | None:
    """Points typed the Vietnamese way ("1,5") or not at all; NaN for text that is no number,
    which the services then refuse with their message."""
    value = (text or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return math.nan
