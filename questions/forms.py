"""The question editor's form; the rules themselves live in the services."""

from __future__ import annotations

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

from questions.labels import DIFFICULTY_LABELS, TYPE_LABELS
from questions.models import Difficulty, QuestionType
from questions.services import LABELS, OptionInput, QuestionInput

EXTRA_OPTION_ROWS = 2
MIN_OPTION_ROWS = 4


class OptionForm(Form):
    """One option row of the editor (a sub-form: the CSRF token lives on the parent)."""

    text = StringField(_l("Phương án"))
    is_correct = BooleanField(_l("Đúng"))


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
    legal_basis = TextAreaField(_l("Căn cứ pháp lý"))
    explanation = TextAreaField(_l("Giải thích (hiện cho thí sinh sau khi vòng thi kết thúc)"))
    change_note = StringField(_l("Ghi chú thay đổi"))
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])  # the version edited

    @classmethod
    def for_question(cls, data: QuestionInput, version: int) -> QuestionForm:
        """The editor filled with a version's content, plus a couple of empty option rows."""
        rows = min(len(LABELS), max(MIN_OPTION_ROWS, len(data.options) + EXTRA_OPTION_ROWS))
        options = [{"text": o.text, "is_correct": o.is_correct} for o in data.options]
        options += [{"text": "", "is_correct": False}] * (rows - len(options))
        return cls(
            formdata=None,
            text=data.text,
            qtype=QuestionType(data.qtype).value,
            options=options,
            topic=data.topic,
            difficulty=Difficulty(data.difficulty).value,
            legal_basis=data.legal_basis or "",
            explanation=data.explanation or "",
            version=version,
        )

    def to_input(self) -> QuestionInput:
        """What the organizer typed, for the services to validate and save."""
        return QuestionInput(
            text=self.text.data or "",
            qtype=QuestionType(self.qtype.data),
            options=[
                OptionInput(entry.form.text.data or "", bool(entry.form.is_correct.data))
                for entry in self.options
            ],
            topic=self.topic.data or "",
            difficulty=Difficulty(self.difficulty.data),
            legal_basis=self.legal_basis.data,
            explanation=self.explanation.data,
        )

    def show_errors(self, fields: dict[str, str]) -> None:
        """Attach the services' field errors (text, options, topic …) to the form's fields."""
        for name, message in fields.items():
            field = getattr(self, name, None)
            if field is not None:
                field.errors = [*field.errors, message]
