"""Consent to the processing of personal data at registration (Decree 13/2023/NĐ-CP).

The notice states the purpose and how long the data is kept. It is Vietnamese by default (with
the retention period from PRIVACY_RETENTION_DAYS), or the organizer's own text from the file
named by CONSENT_TEXT_FILE. Each candidate's consent records the time and the notice's version
(a digest of its Vietnamese text), and every version is kept word for word.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from contest.accounts.models import ConsentNotice, User
from contest.core.clock import utcnow
from contest.core.extensions import db

DEFAULT_NOTICE = _l(
    "Ban tổ chức cuộc thi thu thập và xử lý các dữ liệu cá nhân bạn khai báo (họ tên, ngày sinh, "
    "giới tính, số CCCD, số điện thoại, email, cơ quan, đơn vị, địa phương) cùng bài thi, kết "
    "quả và nhật ký truy cập (địa chỉ IP, trình duyệt) của bạn, chỉ nhằm tổ chức cuộc thi: xác "
    "minh thí sinh, chấm điểm, xếp hạng, xét và trao giải, thống kê kết quả, theo Nghị định "
    "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Dữ liệu được lưu đến %(days)s ngày sau khi danh "
    "sách giải của cuộc thi được khóa, sau đó được ẩn danh; riêng danh sách giải đã khóa được "
    "lưu làm hồ sơ trao giải. Bạn có thể tải về dữ liệu của mình và yêu cầu xóa tại trang "
    "“Dữ liệu của tôi”."
)
CONSENT_LABEL = _l("Tôi đã đọc và đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân của tôi như trên.")


def notice_text(vietnamese: bool = False) -> str:
    """The notice as shown: the organizer's file, or the default in the reader's language."""
    path = current_app.config.get("CONSENT_TEXT_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    days = current_app.config["PRIVACY_RETENTION_DAYS"]
    if vietnamese:
        with force_locale("vi"):
            return str(DEFAULT_NOTICE % {"days": days})
    return str(DEFAULT_NOTICE % {"days": days})


def notice_version() -> str:
    """The version candidates consent to: a digest of the Vietnamese text."""
    return hashlib.sha256(notice_text(vietnamese=True).encode()).hexdigest()[:16]


def record_consent(user: User) -> None:
    """Note that the user consents, now, to the current notice (kept once per version)."""
    version = notice_version()
    if db.session.get(ConsentNotice, version) is None:
        try:
            with db.session.begin_nested():
                db.session.add(ConsentNotice(version=version, text=notice_text(vietnamese=True)))
        except IntegrityError:
            pass  # another registration stored this version first
    user.consent_version = version
    user.consent_at = utcnow()
