"""Forms of the import pages: the upload, and the import of a previewed file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField


class UploadForm(FlaskForm):
    file = FileField(
        _l("Tệp ngân hàng câu hỏi (.xlsx, .xls, .ods, Word .docx hoặc Moodle .xml)"),
        validators=[FileRequired(_l("Vui lòng chọn tệp ngân hàng câu hỏi."))],
    )


class CommitForm(FlaskForm):
    """The import of a previewed file, read exactly as the preview read it (pinned choices)."""

    name = HiddenField()
    mapping = HiddenField()
    header_row = HiddenField()
    codes = HiddenField()
    accept_partial = BooleanField(_l("Chỉ nhập các dòng hợp lệ"))
