"""Dữ liệu của tôi: everything held about me, as JSON and as a workbook; each download audited."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from contest.accounts.models import User
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from tests.contest.accounts.test_api import VALID
from tests.contest.privacy.scenario import settled_contest


def test_my_data_holds_profile_consent_attempts_prizes_and_sessions(app, client, make_user, now):
    user_id = client.post("/api/v1/auth/register", json=VALID).get_json()["user"]["id"]
    client.post("/api/v1/auth/login", json={"login": VALID["phone"], "password": VALID["password"]})
    user = db.session.get(User, user_id)
    scene = settled_contest(make_user, candidates=[user, make_user(), make_user()])
    data = client.get("/api/v1/me/data").get_json()
    assert data["profile"]["id_number"] == VALID["id_number"]
    assert data["profile"]["gender"] == "female"
    assert "Nghị định 13/2023/NĐ-CP" in data["consent"]["text"]
    [attempt] = data["attempts"]
    assert (attempt["score"], attempt["ip"], attempt["round"]) == (
        10,
        "203.0.113.1",
        scene.round.name,
    )
    [prize] = data["prizes"]
    assert (prize["tier"], prize["rank"], prize["id_number"]) == (
        "Giải nhất",
        1,
        VALID["id_number"],
    )
    assert len(data["sessions"]) >= 1
    assert data["participations"][0]["contest"] == scene.round.contest.title


def test_the_workbook_has_a_sheet_per_part_and_is_formula_safe(client, auth, make_user):
    auth.login(make_user(full_name='=HYPERLINK("http://x")'))
    response = client.get("/api/v1/me/data.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert {"Hồ sơ", "Lượt thi", "Câu trả lời", "Giải thưởng", "Phiên đăng nhập"} <= set(
        book.sheetnames
    )
    profile = book["Hồ sơ"]
    headers = [cell.value for cell in profile[1]]
    name = profile.cell(row=2, column=headers.index("full_name") + 1).value
    assert name.startswith("'=")


def test_every_download_of_personal_data_is_audited(client, auth, make_user):
    user = make_user()
    auth.login(user)
    client.get("/api/v1/me/data")
    client.get("/me/data.json")
    client.get("/me/data.xlsx")
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.export").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.after["format"]) for e in entries] == [
        (user.id, "json"),
        (user.id, "json"),
        (user.id, "xlsx"),
    ]


def test_my_data_never_shows_someone_else(client, auth, make_user, now):
    settled_contest(make_user)
    auth.login(make_user())
    data = client.get("/api/v1/me/data").get_json()
    assert data["attempts"] == []
    assert data["prizes"] == []


def test_the_page_offers_both_downloads(client, auth, make_user):
    auth.login(make_user())
    page = client.get("/me/data").get_data(as_text=True)
    assert 'href="/me/data.xlsx"' in page
    assert 'href="/me/data.json"' in page
