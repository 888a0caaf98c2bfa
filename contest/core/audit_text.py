"""The audit log in plain Vietnamese: actions, objects and fields named, values as people write
them (dd/mm/yyyy HH:MM local time, có/không, words for codes, m:ss for durations).

One table and one formatter, used by the admin's audit page, a round's change history and the
.xlsx export of the log. Unknown codes fall back to themselves, so a new action is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core import formatting
from contest.core.audit import AuditEntry
from contest.core.i18n import format_datetime

ACTIONS = {
    "rounds.create": _l("Tạo tuần thi"),
    "rounds.update": _l("Sửa tuần thi"),
    "rounds.clone": _l("Nhân bản tuần thi"),
    "rounds.announce": _l("Công khai tuần thi"),
    "rounds.close": _l("Kết thúc tuần thi sớm"),
    "rounds.publish": _l("Công bố kết quả"),
    "round.regrade": _l("Chấm lại câu hỏi"),
    "round.prediction_recomputed": _l("Đếm lại đáp án câu dự đoán"),
    "contests.create": _l("Tạo cuộc thi"),
    "contests.update": _l("Sửa cuộc thi"),
    "contests.banner": _l("Đổi ảnh bìa cuộc thi"),
    "groups.create": _l("Thêm đối tượng dự thi"),
    "groups.update": _l("Sửa đối tượng dự thi"),
    "groups.delete": _l("Xoá đối tượng dự thi"),
    "prize.tiers": _l("Khai báo cơ cấu giải"),
    "prize.exclude": _l("Loại thí sinh khỏi danh sách giải"),
    "prize.reinstate": _l("Đưa thí sinh trở lại danh sách giải"),
    "prize.approve": _l("Duyệt danh sách giải"),
    "prize.lock": _l("Khoá danh sách giải"),
    "prize.unlock": _l("Mở khoá danh sách giải"),
    "certificates.settings": _l("Sửa cài đặt giấy chứng nhận"),
    "certificates.signature": _l("Đổi ảnh chữ ký"),
    "certificates.revoke": _l("Thu hồi giấy chứng nhận"),
    "question.edit": _l("Sửa câu hỏi"),
    "question.retire": _l("Ngừng dùng câu hỏi"),
    "question.restore": _l("Dùng lại câu hỏi"),
    "question_import.create": _l("Nhập câu hỏi từ tệp"),
    "question_import.undo": _l("Huỷ một lần nhập câu hỏi"),
    "practice.mark": _l("Mở câu hỏi cho luyện tập"),
    "practice.unmark": _l("Thôi mở câu hỏi cho luyện tập"),
    "organizations.add": _l("Thêm đơn vị, địa phương"),
    "organizations.import": _l("Nhập danh sách đơn vị, địa phương"),
    "organizations.toggle_active": _l("Ẩn/hiện đơn vị, địa phương"),
    "users.create": _l("Tạo tài khoản"),
    "users.enable": _l("Mở lại tài khoản"),
    "users.disable": _l("Vô hiệu hoá tài khoản"),
    "users.role": _l("Đổi vai trò"),
    "users.password_change": _l("Đổi mật khẩu"),
    "users.password_reset": _l("Đặt lại mật khẩu"),
    "users.password_reset_refused": _l("Từ chối cấp lại mật khẩu"),
    "privacy.export": _l("Tải dữ liệu cá nhân"),
    "privacy.deletion_request": _l("Yêu cầu xoá dữ liệu"),
    "privacy.anonymise": _l("Xoá dữ liệu cá nhân"),
    "privacy.retention": _l("Ẩn danh theo thời hạn lưu"),
}

# Families of actions (the part before the dot), for the filter "every action on …".
GROUPS = {
    "rounds": _l("Tuần thi"),
    "round": _l("Chấm lại, câu dự đoán"),
    "contests": _l("Cuộc thi"),
    "groups": _l("Đối tượng dự thi"),
    "prize": _l("Giải thưởng"),
    "certificates": _l("Giấy chứng nhận"),
    "question": _l("Câu hỏi"),
    "question_import": _l("Nhập câu hỏi"),
    "practice": _l("Luyện tập"),
    "organizations": _l("Đơn vị, địa phương"),
    "users": _l("Tài khoản"),
    "privacy": _l("Dữ liệu cá nhân"),
}

OBJECTS = {
    "round": _l("Tuần thi"),
    "contest_round": _l("Tuần thi"),
    "contest": _l("Cuộc thi"),
    "participant_group": _l("Đối tượng dự thi"),
    "prize_result": _l("Danh sách giải"),
    "certificate": _l("Giấy chứng nhận"),
    "question": _l("Câu hỏi"),
    "question_import": _l("Lần nhập câu hỏi"),
    "organization": _l("Đơn vị, địa phương"),
    "user": _l("Tài khoản"),
}

FIELDS = {
    "name": _l("Tên"),
    "title": _l("Tên cuộc thi"),
    "opens_at": _l("Thời điểm mở"),
    "closes_at": _l("Thời điểm đóng"),
    "closed_early_at": _l("Kết thúc sớm lúc"),
    "announced_at": _l("Công khai lúc"),
    "results_published_at": _l("Công bố kết quả lúc"),
    "time_limit_seconds": _l("Thời gian làm bài mỗi lượt"),
    "shuffle_questions": _l("Đảo câu hỏi"),
    "shuffle_options": _l("Đảo phương án"),
    "points_per_question": _l("Điểm mỗi câu"),
    "points_by_difficulty": _l("Điểm theo mức độ"),
    "multi_choice_scoring": _l("Cách chấm câu nhiều đáp án"),
    "max_attempts": _l("Số lượt thi"),
    "cooldown_seconds": _l("Thời gian chờ giữa hai lượt"),
    "counted_attempt": _l("Lượt được tính"),
    "prediction_question": _l("Câu hỏi dự đoán"),
    "prediction_target": _l("Đại lượng dự đoán"),
    "prediction_actual": _l("Đáp án câu dự đoán"),
    "tie_break": _l("Thứ tự xếp hạng"),
    "review_policy": _l("Chế độ xem đáp án"),
    "auto_publish": _l("Công bố kết quả tự động"),
    "leaderboard_visibility": _l("Ai xem được bảng xếp hạng"),
    "leaderboard_freeze_hours": _l("Số giờ ẩn bảng xếp hạng"),
    "display_mode": _l("Cách hiển thị câu hỏi"),
    "blueprint": _l("Ma trận đề"),
    "question_ids": _l("Danh sách câu hỏi"),
    "cloned_from": _l("Nhân bản từ tuần thi"),
    "status": _l("Trạng thái"),
    "slug": _l("Đường dẫn"),
    "description": _l("Mô tả"),
    "rules": _l("Thể lệ"),
    "organizing_unit": _l("Đơn vị tổ chức"),
    "min_age": _l("Tuổi tối thiểu"),
    "required_fields": _l("Thông tin bắt buộc"),
    "ranking_mode": _l("Cách xếp hạng toàn cuộc thi"),
    "eligible": _l("Được xét giải"),
    "active": _l("Đang dùng"),
    "role": _l("Vai trò"),
    "email": _l("Email"),
    "via": _l("Cách thức"),
    "expires_at": _l("Hết hạn lúc"),
    "reason": _l("Lý do"),
    "user_id": _l("Mã thí sinh"),
    "tiers": _l("Các giải"),
    "one_prize_per_person": _l("Mỗi người một giải"),
    "sha256": _l("Mã kiểm tra SHA-256"),
    "proposal_sha256": _l("Mã kiểm tra của đề xuất"),
    "version": _l("Phiên bản"),
    "filename": _l("Tệp"),
    "file": _l("Tệp"),
    "imported": _l("Số câu đã nhập"),
    "duplicates": _l("Số câu trùng"),
    "deleted": _l("Số câu đã xoá"),
    "kind": _l("Loại"),
    "names": _l("Tên"),
    "added": _l("Số mục thêm"),
    "updated": _l("Số mục cập nhật"),
    "revoked": _l("Đã thu hồi"),
    "round_id": _l("Mã tuần thi"),
    "contest_id": _l("Mã cuộc thi"),
    "question_id": _l("Mã câu hỏi"),
    "count": _l("Số lượng"),
    "format": _l("Định dạng"),
    "days": _l("Số ngày lưu"),
    "anonymised": _l("Số thí sinh ẩn danh"),
    "requests_done": _l("Yêu cầu đã thực hiện"),
    "sessions_deleted": _l("Số phiên đã xoá"),
    "signature_path": _l("Ảnh chữ ký"),
    "blockers": _l("Lý do chưa xoá được"),
}

WORDS = {
    "multi_choice_scoring": {
        "all_or_nothing": _l("đúng đủ mới có điểm"),
        "partial": _l("tính điểm từng phần"),
    },
    "counted_attempt": {
        "best": _l("lượt cao nhất"),
        "first": _l("lượt đầu tiên"),
        "last": _l("lượt cuối cùng"),
    },
    "review_policy": {
        "never": _l("không xem lại"),
        "score_only": _l("chỉ xem điểm"),
        "after_close": _l("xem đáp án sau khi đóng"),
    },
    "leaderboard_visibility": {
        "public": _l("mọi người"),
        "candidates": _l("thí sinh đã đăng nhập"),
        "judges": _l("chỉ ban giám khảo"),
    },
    "display_mode": {
        "one_per_page": _l("mỗi trang một câu"),
        "all_on_page": _l("tất cả trên một trang"),
    },
    "prediction_target": {
        "attempts": _l("tổng số lượt thi"),
        "candidates": _l("tổng số người dự thi"),
        "perfect_candidates": _l("số người đúng tất cả"),
        "perfect_attempts": _l("số lượt đúng tất cả"),
    },
    "status": {"draft": _l("bản nháp"), "published": _l("đã công bố"), "archived": _l("lưu trữ")},
    "ranking_mode": {"sum": _l("tổng điểm các tuần"), "best": _l("tuần tốt nhất")},
    "role": {
        "admin": _l("quản trị"),
        "organizer": _l("ban tổ chức"),
        "judge": _l("ban giám khảo"),
        "candidate": _l("thí sinh"),
    },
    "kind": {"unit": _l("cơ quan, đơn vị"), "locality": _l("địa phương")},
    "via": {"email": _l("qua email"), "staff": _l("do cán bộ cấp"), "cli": _l("dòng lệnh")},
}
DURATIONS = {"time_limit_seconds", "cooldown_seconds"}


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    """An audit entry as people read it."""

    entry: AuditEntry
    at: str
    actor: str
    action: str
    object: str
    changes: list[Change]
    reason: str


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


def group_label(prefix: str) -> str:
    """ "rounds." → "Tuần thi (mọi thao tác)"."""
    name = prefix.rstrip(".")
    return str(_l("%(group)s (mọi thao tác)", group=GROUPS.get(name, name)))


def object_label(code: str) -> str:
    return str(OBJECTS.get(code, code))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))


def value_text(name: str, value: Any) -> str:
    """A stored JSON value as people write it; "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("có")) if value else str(_l("không"))
    if name in DURATIONS and isinstance(value, int | float):
        return formatting.clock(value)
    if name in WORDS and isinstance(value, str):
        return str(WORDS[name].get(value, value))
    if name == "tie_break" and isinstance(value, list):
        return formatting.ranking_order(value)
    if name == "blueprint" and isinstance(value, list):
        return "; ".join(_cell_text(cell) for cell in value if isinstance(cell, dict))
    if isinstance(value, float | int):
        return formatting.number(value, 4)
    if isinstance(value, str):
        return _moment_text(value)
    if isinstance(value, list):
        return ", ".join(value_text(name, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {value_text(k, v)}" for k, v in value.items())
    return str(value)


def _cell_text(cell: dict) -> str:
    topic = cell.get("topic") or cell.get("topic_id")
    level = formatting.difficulty_word(cell.get("difficulty")) or str(_l("mọi mức độ"))
    return str(
        _l("%(topic)s: %(n)s câu (%(level)s)", topic=topic, n=cell.get("count"), level=level)
    )


def _moment_text(text: str) -> str:
    """An ISO time ("2026-12-07T16:59:00+00:00") in local dd/mm/yyyy HH:MM; other text as is."""
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T":
        try:
            return format_datetime(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def changes(entry: AuditEntry) -> list[Change]:
    """Every field named before or after, in the order they were written."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            field_label(name),
            value_text(name, before[name]) if name in before else "",
            value_text(name, after[name]) if name in after else "",
        )
        for name in names
    ]


def readable(entry: AuditEntry) -> ReadableEntry:
    actor = entry.actor
    who = (actor.full_name or actor.email) if actor is not None else (entry.origin or "—")
    target = object_label(entry.object_type)
    return ReadableEntry(
        entry=entry,
        at=format_datetime(entry.at),
        actor=who,
        action=action_label(entry.action),
        object=f"{target} {entry.object_id}" if entry.object_id else target,
        changes=changes(entry),
        reason=entry.reason or "",
    )
