"""Contest pages, driven end to end with the test client: create, edit, groups, banner."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.rounds.models import Contest, ContestStatus, ParticipantGroup
from tests.contest.readers import page_text


def test_organizer_creates_a_contest_in_the_browser(client, organizer):
    response = client.post(
        "/organizer/contests/new",
        data={
            "title": "Cuộc thi Tìm hiểu Pháp luật 2026",
            "slug": "",
            "organizing_unit": "Sở Tư pháp",
            "description": "",
            "rules": "## Thể lệ\n\n<script>alert(1)</script>",
            "status": "draft",
            "min_age": "",
            "required_fields": ["unit", "email"],
            "ranking_mode": "sum",
        },
    )

    contest = db.session.scalar(select(Contest))
    assert response.status_code == 302
    assert (contest.slug, contest.required_fields) == (
        "cuoc-thi-tim-hieu-phap-luat-2026",
        ["unit", "email"],
    )
    page = page_text(client.get(f"/organizer/contests/{contest.id}"))
    assert "<script>alert(1)</script>" not in page
    assert "<h2>Thể lệ</h2>" in page


def test_contest_form_shows_errors_next_to_fields(client, organizer):
    response = client.post(
        "/organizer/contests/new",
        data={
            "title": "",
            "slug": "Sai Dấu",
            "status": "draft",
            "ranking_mode": "sum",
            "min_age": "200",
        },
    )

    page = page_text(response)
    assert response.status_code == 200
    assert '<p class="error" id="title-error">Vui lòng nhập tên cuộc thi.</p>' in page
    assert 'id="min_age-error">Độ tuổi tối thiểu phải là số từ 0 đến 120, hoặc để trống.' in page
    assert db.session.scalar(select(func.count()).select_from(Contest)) == 0


def test_participant_groups_are_managed_on_the_contest_page(client, demo, organizer):
    client.post(
        f"/organizer/contests/{demo.id}/groups",
        data={"name": "Đoàn viên thanh niên", "eligible": "y"},
    )
    group_id = db.session.scalar(
        select(ParticipantGroup.id).where(ParticipantGroup.name == "Đoàn viên thanh niên")
    )
    client.post(f"/organizer/contests/{demo.id}/groups/{group_id}", data={"name": "Đoàn viên"})
    duplicate = client.post(f"/organizer/contests/{demo.id}/groups", data={"name": "Đoàn viên"})
    client.post(f"/organizer/contests/{demo.id}/groups/{group_id}/delete")

    assert "Đối tượng “Đoàn viên” đã có trong cuộc thi." in page_text(duplicate)
    remaining = select(ParticipantGroup.name).where(ParticipantGroup.contest_id == demo.id)
    assert "Đoàn viên" not in db.session.scalars(remaining).all()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "participant_group")
    )
    assert list(actions) == ["groups.create", "groups.update", "groups.delete"]


def test_banner_upload_checks_the_file_content(client, demo, organizer):
    fake = client.post(
        f"/organizer/contests/{demo.id}/banner",
        data={"banner": (io.BytesIO(b"GIF89a fake"), "anh.png")},
        content_type="multipart/form-data",
    )
    real = client.post(
        f"/organizer/contests/{demo.id}/banner",
        data={"banner": (io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), "anh.jpg")},
        content_type="multipart/form-data",
    )

    assert fake.status_code == 400
    assert "Ảnh bìa phải là tệp PNG, JPEG hoặc WebP." in page_text(fake)
    assert real.status_code == 302
    assert db.session.get(Contest, demo.id).banner_path.endswith(".jpg")


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_organizer_pages_refuse_other_roles(client, auth, make_user, demo, role):
    auth.login(make_user(role))
    round_id = demo.rounds[0].id

    statuses = {
        client.get("/organizer/contests/").status_code,
        client.get(f"/organizer/contests/{demo.id}").status_code,
        client.get(f"/organizer/contests/rounds/{round_id}/preview").status_code,
        client.post(f"/organizer/contests/rounds/{round_id}/close").status_code,
    }

    assert statuses == {403}


def test_organizer_pages_send_anonymous_visitors_to_sign_in(client, demo):
    response = client.get(f"/organizer/contests/{demo.id}")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_contest_list_page_shows_every_contest_and_its_rounds(client, demo, organizer):
    draft = Contest(slug="nhap", title="Cuộc thi nháp", status=ContestStatus.DRAFT)
    db.session.add(draft)
    db.session.commit()

    page = page_text(client.get("/organizer/contests/"))

    assert "Cuộc thi nháp" in page
    assert demo.title in page
    assert f"/organizer/contests/rounds/{demo.rounds[0].id}" in page
