"""The erasure request form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired


class DeletionForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu của bạn (để xác nhận)"), validators=[DataRequired()])
    understood = BooleanField(
        _l("Tôi hiểu rằng việc xóa không thể hoàn tác và tài khoản sẽ bị đóng."),
        validators=[DataRequired(_l("Vui lòng xác nhận."))],
    )
