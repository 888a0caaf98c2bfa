"""Contest services: slugs, validation, audit, who may see a draft."""

from __future__ import annotations

import pytest

from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds import contests


def field_errors(excinfo) -> dict:
    return excinfo.value.details["fields"]


def test_slug_is_generated_from_the_vietnamese_title(app):
    assert (
        contests.slugify("Cuộc thi Tìm hiểu Pháp luật 2026") == "cuoc-thi-tim-hieu-phap-luat-2026"
    )
    assert contests.slugify("Đường  bộ: an toàn!") == "duong-bo-an-toan"


def test_create_contest_fills_the_slug_and_keeps_it_unique(app):
    first = contests.create_contest({"title": "Cuộc thi Tìm hiểu Pháp luật 2026"})
    second = contests.create_contest({"title": "Cuộc thi tìm hiểu pháp luật 2026"})

    assert first.slug == "cuoc-thi-tim-hieu-phap-luat-2026"
    assert second.slug == "cuoc-thi-tim-hieu-phap-luat-2026-2"
    assert first.status.value == "draft"


def test_create_contest_stores_every_field(app, make_user):
    organizer = make_user("organizer")
    body = {
        "title": "Cuộc thi",
        "slug": "cuoc-thi-rieng",
        "description": "Giới thiệu",
        "rules": "## Thể lệ",
        "organizing_unit": "Sở Tư pháp",
        "status": "published",
        "min_age": "16",
        "required_fields": ["email", "unit"],
        "ranking_mode": "best",
    }

    contest = contests.create_contest(body, created_by=organizer)

    assert contests.contest_settings(contest) == {
        **body,
        "min_age": 16,
        "required_fields": ["unit", "email"],
    }
    assert contest.created_by_id == organizer.id


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": "  "}, "title", "Vui lòng nhập tên cuộc thi."),
        (
            {"title": "A", "slug": "Có Dấu"},
            "slug",
            "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối (tối đa 80 ký tự).",
        ),
        (
            {"title": "A", "status": "open"},
            "status",
            "Giá trị không hợp lệ; chọn một trong: draft, published, archived.",
        ),
        (
            {"title": "A", "min_age": "mười"},
            "min_age",
            "Độ tuổi tối thiểu phải là số từ 0 đến 120, hoặc để trống.",
        ),
        (
            {"title": "A", "required_fields": ["unit", "blood_type"]},
            "required_fields",
            "Trường đăng ký không hợp lệ: blood_type; chọn trong: unit, locality, email.",
        ),
    ],
)
def test_contest_fields_are_validated_in_vietnamese(app, body, field, message):
    with pytest.raises(InvalidInput) as excinfo:
        contests.create_contest(body)

    assert field_errors(excinfo) == {field: message}


def test_slug_taken_by_another_contest_is_refused(app):
    contests.create_contest({"title": "A", "slug": "trung"})

    with pytest.raises(InvalidInput) as excinfo:
        contests.create_contest({"title": "B", "slug": "trung"})

    assert field_errors(excinfo) == {"slug": "Đường dẫn “trung” đã được dùng cho cuộc thi khác."}


def test_contest_changes_are_audited_before_and_after(app):
    contest = contests.create_contest({"title": "Cuộc thi A"})

    contests.update_contest(contest, {"title": "Cuộc thi A", "status": "published", "min_age": 18})

    created, updated = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert (created.action, created.after["title"]) == ("contests.create", "Cuộc thi A")
    assert updated.action == "contests.update"
    assert updated.before == {"min_age": None, "status": "draft"}
    assert updated.after == {"min_age": 18, "status": "published"}


def test_draft_contest_is_hidden_from_everyone_but_staff(app, make_user):
    contest = contests.create_contest({"title": "Nháp"})

    with pytest.raises(NotFound):
        contests.visible_contest(contest.id, None)
    with pytest.raises(NotFound):
        contests.visible_contest(contest.id, make_user("candidate"))
    assert contests.visible_contest(contest.id, make_user("judge")) is contest
