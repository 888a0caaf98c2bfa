"""Contest services: slugs, validation, audit, visibility, banner, groups, organization import."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from contest.accounts import organizations
from contest.accounts.models import Organization
from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds import banners, contests, groups
from contest.rounds.models import Contest, Participation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


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


# --- banner ------------------------------------------------------------------------------------


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "INSTANCE_DIR", tmp_path)
    return tmp_path / "uploads" / "banners"


@pytest.mark.parametrize(("data", "suffix"), [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp")])
def test_banner_is_stored_by_its_real_type(uploads, data, suffix):
    contest = contests.create_contest({"title": "A"})

    name = banners.save_banner(contest, data)

    assert name.endswith(f".{suffix}")
    assert (uploads / name).read_bytes() == data
    assert banners.banner_file(contest) == (uploads / name, banners.BANNER_TYPES[suffix])


def test_banner_that_is_not_an_image_is_refused_whatever_its_name(uploads):
    contest = contests.create_contest({"title": "A"})

    with pytest.raises(InvalidInput) as excinfo:
        banners.save_banner(contest, b"<svg onload=alert(1)>")

    assert field_errors(excinfo) == {"banner": "Ảnh bìa phải là tệp PNG, JPEG hoặc WebP."}
    assert contest.banner_path is None


def test_banner_over_two_megabytes_is_refused(uploads):
    contest = contests.create_contest({"title": "A"})

    with pytest.raises(InvalidInput) as excinfo:
        banners.save_banner(contest, PNG + b"\x00" * (2 * 1024 * 1024))

    assert field_errors(excinfo) == {"banner": "Ảnh bìa tối đa 2 MB."}


# --- participant groups ---------------------------------------------------------------------


def test_groups_are_added_in_order_and_audited(app):
    contest = contests.create_contest({"title": "A"})

    groups.add_group(contest, "Cán bộ, công chức")
    groups.add_group(contest, "Học sinh, sinh viên", eligible=False)

    assert [(g.name, g.eligible, g.position) for g in contest.groups] == [
        ("Cán bộ, công chức", True, 0),
        ("Học sinh, sinh viên", False, 1),
    ]
    entry = db.session.query(AuditEntry).filter_by(action="groups.create").first()
    assert entry.after == {"contest_id": contest.id, "name": "Cán bộ, công chức", "eligible": True}


def test_group_names_are_unique_within_a_contest(app):
    contest = contests.create_contest({"title": "A"})
    groups.add_group(contest, "Thí sinh tự do")

    with pytest.raises(InvalidInput) as excinfo:
        groups.add_group(contest, "Thí sinh  tự do")

    assert field_errors(excinfo) == {"name": "Đối tượng “Thí sinh tự do” đã có trong cuộc thi."}


def test_group_update_is_audited(app):
    contest = contests.create_contest({"title": "A"})
    group = groups.add_group(contest, "Học sinh")

    groups.update_group(group, "Học sinh, sinh viên", eligible=False)

    entry = db.session.query(AuditEntry).filter_by(action="groups.update").one()
    assert entry.before == {"name": "Học sinh", "eligible": True}
    assert entry.after == {"name": "Học sinh, sinh viên", "eligible": False}


def test_group_chosen_by_a_candidate_cannot_be_deleted(app, make_user):
    contest = contests.create_contest({"title": "A"})
    used, unused = groups.add_group(contest, "Cán bộ"), groups.add_group(contest, "Tự do")
    db.session.add(Participation(contest_id=contest.id, user_id=make_user().id, group_id=used.id))
    db.session.flush()

    with pytest.raises(Conflict) as excinfo:
        groups.delete_group(used)
    groups.delete_group(unused)
    db.session.commit()

    assert excinfo.value.code == "group_in_use"
    assert [g.name for g in db.session.get(Contest, contest.id).groups] == ["Cán bộ"]


# --- organization lists from Excel ---------------------------------------------------------------


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_organization_import_reads_names_and_headcounts_under_headers(app):
    data = workbook(
        [
            ["STT", "Tên cơ quan, đơn vị", "Biên chế"],
            [1, "Sở Tư pháp", 85],
            [2, "Sở Giáo dục và Đào tạo", "1.200"],
            [3, "UBND xã An Phú", None],
        ]
    )

    report = organizations.import_organizations("unit", data, "don-vi.xlsx")

    units = {o.name: o.headcount for o in organizations.list_organizations("unit")}
    assert units == {"Sở Tư pháp": 85, "Sở Giáo dục và Đào tạo": 1200, "UBND xã An Phú": None}
    assert report.errors == []
    assert len(report.added) == 3


def test_organization_import_without_header_takes_the_first_column(app):
    data = workbook([["Phường Tân Định", 30], ["Xã Bình Hưng", 12]])

    organizations.import_organizations("locality", data, "dia-phuong.xlsx")

    localities = [(o.name, o.headcount) for o in organizations.list_organizations("locality")]
    assert localities == [("Phường Tân Định", 30), ("Xã Bình Hưng", 12)]


def test_organization_import_reports_bad_rows_in_vietnamese_and_keeps_the_rest(app):
    data = workbook(
        [
            ["Đơn vị", "Số lượng"],
            ["Sở Tư pháp", "nhiều"],
            [None, 5],
            ["Sở Y tế", 40],
            ["Sở Y tế", 41],
        ]
    )

    report = organizations.import_organizations("unit", data, "don-vi.xlsx")

    assert report.errors == [
        "Dòng 2: số lượng “nhiều” không phải số nguyên không âm.",
        "Dòng 3: thiếu tên.",
        "Dòng 5: “Sở Y tế” trùng với dòng 4.",
    ]
    assert [(o.name, o.headcount) for o in organizations.list_organizations("unit")] == [
        ("Sở Y tế", 40)
    ]


def test_organization_import_updates_headcounts_of_existing_names(app):
    organizations.add_organizations("unit", ["Sở Tư pháp"])

    report = organizations.import_organizations(
        "unit", workbook([["Tên đơn vị", "Headcount"], ["Sở Tư pháp", 90]]), "a.xlsx"
    )

    assert (report.added, report.updated) == ([], ["Sở Tư pháp"])
    assert db.session.query(Organization).one().headcount == 90
    entry = db.session.query(AuditEntry).filter_by(action="organizations.import").one()
    assert entry.after == {
        "kind": "unit",
        "file": "a.xlsx",
        "added": 0,
        "updated": ["Sở Tư pháp"],
        "errors": 0,
    }


def test_organization_import_refuses_a_file_that_is_not_a_workbook(app):
    with pytest.raises(InvalidInput) as excinfo:
        organizations.import_organizations("unit", b"ten,so luong\n", "danh-sach.csv")

    assert excinfo.value.code == "invalid_workbook"
    assert "không được hỗ trợ" in excinfo.value.message
