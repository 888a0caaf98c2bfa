"""Forms of the account pages: sign-in, registration, staff accounts, access tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo

from contest.accounts.consent import CONSENT_LABEL


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
    consent = BooleanField(CONSENT_LABEL)


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


class ForgotPasswordForm(FlaskForm):
    login = StringField(_l("Email, số điện thoại hoặc số CCCD"), validators=[DataRequired()])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới (ít nhất 8 ký tự)"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(), EqualTo("password", _l("Hai lần nhập không giống nhau."))],
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"))


class CandidateResetForm(FlaskForm):
    id_number = StringField(_l("Số CCCD (12 chữ số)"), validators=[DataRequired()])
    birth_date = StringField(_l("Ngày sinh (ngày/tháng/năm)"), validators=[DataRequired()])
    checked = BooleanField(
        _l("Tôi đã đối chiếu thẻ căn cước của người yêu cầu với hai thông tin trên."),
        validators=[DataRequired(_l("Vui lòng xác nhận đã đối chiếu thẻ căn cước."))],
    )


class StaffRoleForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=StaffForm.role.kwargs["choices"])
