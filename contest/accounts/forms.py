"""Forms of the account pages: sign-in, registration, staff accounts, access tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    login = StringField(_l("Email, số điện thoại hoặc số CCCD"), validators=[DataRequired()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"), default=True)


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"))
    birth_date = StringField(_l("Ngày sinh (ngày/tháng/năm)"))
    gender = SelectField(
        _l("Giới tính"),
        choices=[
            ("", _l("— Chọn —")),
            ("male", _l("Nam")),
            ("female", _l("Nữ")),
            ("other", _l("Khác")),
        ],
    )
    id_number = StringField(_l("Số CCCD (12 chữ số)"))
    phone = StringField(_l("Số điện thoại di động"))
    email = EmailField(_l("Email (không bắt buộc)"))
    unit = SelectField(_l("Cơ quan, đơn vị"), choices=[], validate_choice=False)
    locality = SelectField(_l("Địa phương (xã, phường)"), choices=[], validate_choice=False)
    password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"))


class StaffForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    full_name = StringField(_l("Họ và tên"))
    role = SelectField(
        _l("Vai trò"),
        choices=[
            ("organizer", _l("Ban tổ chức")),
            ("judge", _l("Ban giám khảo")),
            ("admin", _l("Quản trị")),
        ],
    )
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])


class TokenForm(FlaskForm):
    name = StringField(_l("Tên gợi nhớ (ví dụ: script xuất kết quả)"))
