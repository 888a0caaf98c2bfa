"""The organizer's announcement form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from contest.announcements.services import BODY_MAX, TITLE_MAX


class AnnouncementForm(FlaskForm):
    title = StringField(
        _l("Tiêu đề"),
        validators=[DataRequired(_l("Vui lòng nhập tiêu đề thông báo.")), Length(max=TITLE_MAX)],
    )
    body = TextAreaField(_l("Nội dung (Markdown)"), validators=[Length(max=BODY_MAX)])
    published_at = StringField(_l("Đăng lúc (giờ Việt Nam; để trống là đăng ngay)"))
    pinned = BooleanField(_l("Ghim lên đầu"))
    hidden = BooleanField(_l("Ẩn khỏi trang cuộc thi"))

    def values(self) -> dict:
        """What the service reads: the fields, published_at only when typed."""
        data = {name: getattr(self, name).data for name in ("title", "body", "pinned", "hidden")}
        if (self.published_at.data or "").strip():
            data["published_at"] = self.published_at.data
        return data
