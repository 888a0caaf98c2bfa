"""The organizers' certificate forms: what a round issues, the signature, a revocation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField


class SettingsForm(FlaskForm):
    participation = BooleanField(_l("Cấp giấy chứng nhận tham gia (khi đã công bố kết quả)"))
    prize = BooleanField(_l("Cấp giấy chứng nhận đạt giải (khi danh sách giải đã khoá)"))
    issuer = StringField(_l("Cơ quan, đơn vị cấp"))
    signer_title = StringField(_l("Chức danh người ký (ví dụ: TM. Ban Tổ chức)"))
    signer_name = StringField(_l("Họ và tên người ký"))


class SignatureForm(FlaskForm):
    signature = FileField(_l("Ảnh chữ ký (PNG hoặc JPEG, tối đa 1 MB)"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Lý do thu hồi (bắt buộc)"))
