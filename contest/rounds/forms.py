"""Forms of the organizer's pages (contests, rounds, the unit and locality lists): fields and
labels only; the services validate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from contest.rounds.contests import REGISTRATION_FIELD_LABELS

STATUS_CHOICES = [
    ("draft", _l("Bản nháp")),
    ("published", _l("Công bố")),
    ("archived", _l("Lưu trữ")),
]
RANKING_MODE_CHOICES = [
    ("sum", _l("Tổng điểm các tuần thi")),
    ("best", _l("Tuần thi có kết quả cao nhất")),
]
SCORING_CHOICES = [
    ("all_or_nothing", _l("Chọn đúng và đủ mới được điểm")),
    ("partial", _l("Tính điểm từng phần")),
]
COUNTED_CHOICES = [
    ("best", _l("Lượt có kết quả cao nhất")),
    ("first", _l("Lượt đầu tiên")),
    ("last", _l("Lượt cuối cùng")),
]
TARGET_CHOICES = [
    ("", _l("— Không có câu hỏi dự đoán —")),
    ("perfect_candidates", _l("Số người trả lời đúng tất cả các câu")),
    ("perfect_attempts", _l("Số lượt thi trả lời đúng tất cả các câu")),
    ("candidates", _l("Tổng số thí sinh")),
    ("attempts", _l("Tổng số lượt thi")),
]
TIE_BREAK_CHOICES = [
    ("", _l("— Không dùng —")),
    ("score", _l("Điểm (cao hơn xếp trên)")),
    ("duration", _l("Thời gian làm bài (nhanh hơn xếp trên)")),
    ("prediction_error", _l("Độ lệch dự đoán (gần đúng hơn xếp trên)")),
    ("submitted_at", _l("Thời điểm nộp bài (sớm hơn xếp trên)")),
]
REVIEW_CHOICES = [
    ("after_close", _l("Xem đáp án và giải thích sau khi tuần thi kết thúc")),
    ("score_only", _l("Chỉ xem điểm")),
    ("never", _l("Không xem lại")),
]
VISIBILITY_CHOICES = [
    ("public", _l("Công khai")),
    ("candidates", _l("Chỉ thí sinh đã đăng nhập")),
    ("judges", _l("Chỉ Ban Giám khảo và Ban Tổ chức")),
]
DISPLAY_CHOICES = [
    ("one_per_page", _l("Mỗi màn hình một câu hỏi")),
    ("all_on_page", _l("Tất cả câu hỏi trên một trang")),
]


# Choices are checked by the services (with Vietnamese messages), not by WTForms: the
# validate_choice=False below also lets a partial form (a started round's) validate.


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ContestForm(FlaskForm):
    title = StringField(_l("Tên cuộc thi"))
    slug = StringField(_l("Đường dẫn (để trống: tạo từ tên cuộc thi)"))
    organizing_unit = StringField(_l("Đơn vị tổ chức"))
    description = TextAreaField(_l("Giới thiệu ngắn"))
    rules = TextAreaField(_l("Thể lệ (Markdown)"))
    status = SelectField(_l("Trạng thái"), choices=STATUS_CHOICES, validate_choice=False)
    min_age = StringField(_l("Độ tuổi tối thiểu (để trống nếu không giới hạn)"))
    required_fields = MultiCheckboxField(
        _l("Thông tin bắt buộc khi đăng ký"),
        choices=list(REGISTRATION_FIELD_LABELS.items()),
        validate_choice=False,
    )
    ranking_mode = SelectField(
        _l("Xếp hạng toàn cuộc thi theo"), choices=RANKING_MODE_CHOICES, validate_choice=False
    )


class GroupForm(FlaskForm):
    name = StringField(_l("Tên đối tượng dự thi"))
    eligible = BooleanField(_l("Được dự thi"), default=True)


class BannerForm(FlaskForm):
    banner = FileField(_l("Ảnh bìa (PNG, JPEG hoặc WebP, tối đa 2 MB)"))


class RoundForm(FlaskForm):
    name = StringField(_l("Tên tuần thi"))
    opens_at = StringField(_l("Mở lúc (giờ Việt Nam)"))
    closes_at = StringField(_l("Đóng lúc (giờ Việt Nam)"))
    time_limit_minutes = StringField(_l("Thời gian làm bài (phút)"), default="20")
    question_source = RadioField(
        _l("Cách lấy câu hỏi"),
        default="blueprint",
        choices=[
            ("blueprint", _l("Rút ngẫu nhiên theo ma trận đề")),
            ("fixed", _l("Danh sách câu hỏi cố định")),
        ],
        validate_choice=False,
    )
    question_ids = TextAreaField(_l("Mã các câu hỏi, theo thứ tự (cách nhau bởi dấu phẩy)"))
    shuffle_questions = BooleanField(_l("Đảo thứ tự câu hỏi"), default=True)
    shuffle_options = BooleanField(_l("Đảo thứ tự phương án"), default=True)
    display_mode = SelectField(_l("Cách hiển thị"), choices=DISPLAY_CHOICES, validate_choice=False)
    points_per_question = StringField(_l("Điểm mỗi câu"), default="1")
    points_easy = StringField(_l("Câu dễ"))
    points_medium = StringField(_l("Câu trung bình"))
    points_hard = StringField(_l("Câu khó"))
    multi_choice_scoring = SelectField(
        _l("Câu hỏi nhiều đáp án"), choices=SCORING_CHOICES, validate_choice=False
    )
    max_attempts = StringField(_l("Số lượt thi tối đa"), default="1")
    cooldown_minutes = StringField(_l("Thời gian chờ giữa hai lượt (phút)"), default="0")
    counted_attempt = SelectField(
        _l("Lượt được tính"), choices=COUNTED_CHOICES, validate_choice=False
    )
    prediction_question = TextAreaField(_l("Câu hỏi dự đoán (để trống nếu không có)"))
    prediction_target = SelectField(
        _l("Đại lượng cần dự đoán"), choices=TARGET_CHOICES, validate_choice=False
    )
    tie_break_1 = SelectField(
        _l("Tiêu chí 1"), choices=TIE_BREAK_CHOICES, validate_choice=False, default="score"
    )
    tie_break_2 = SelectField(
        _l("Tiêu chí 2"), choices=TIE_BREAK_CHOICES, validate_choice=False, default="duration"
    )
    tie_break_3 = SelectField(
        _l("Tiêu chí 3"),
        choices=TIE_BREAK_CHOICES,
        validate_choice=False,
        default="prediction_error",
    )
    tie_break_4 = SelectField(
        _l("Tiêu chí 4"), choices=TIE_BREAK_CHOICES, validate_choice=False, default="submitted_at"
    )
    review_policy = SelectField(
        _l("Xem lại bài sau khi nộp"), choices=REVIEW_CHOICES, validate_choice=False
    )
    auto_publish = BooleanField(_l("Tự động công bố kết quả khi tuần thi kết thúc"))
    leaderboard_visibility = SelectField(
        _l("Bảng xếp hạng"), choices=VISIBILITY_CHOICES, validate_choice=False
    )
    leaderboard_freeze_hours = StringField(
        _l("Ẩn thay đổi của bảng xếp hạng trong … giờ cuối"), default="0"
    )
    reason = StringField(_l("Lý do thay đổi (bắt buộc khi dời giờ đóng của tuần thi đã bắt đầu)"))


class CloneForm(FlaskForm):
    name = StringField(_l("Tên tuần thi mới"))
    opens_at = StringField(_l("Mở lúc (giờ Việt Nam)"))
    closes_at = StringField(_l("Đóng lúc (giờ Việt Nam)"))


class OrganizationsForm(FlaskForm):
    kind = SelectField(
        _l("Danh sách"), choices=[("unit", _l("Cơ quan, đơn vị")), ("locality", _l("Địa phương"))]
    )
    names = StringField(_l("Tên (mỗi dòng một tên)"))


class OrganizationImportForm(FlaskForm):
    kind = SelectField(
        _l("Danh sách"), choices=[("unit", _l("Cơ quan, đơn vị")), ("locality", _l("Địa phương"))]
    )
    file = FileField(_l("Tệp Excel (.xlsx, .xls hoặc .ods)"))
