"""Consent at registration (Decree 13/2023/NĐ-CP): stated purpose and retention, recorded with
the time and the notice's version; no registration without it."""

from __future__ import annotations

from sqlalchemy import select

from contest.accounts.models import ConsentNotice, User
from contest.core.extensions import db
from tests.contest.accounts.test_api import VALID
from tests.contest.accounts.test_views import FORM


def test_the_api_refuses_registration_without_consent(client):
    body = {key: value for key, value in VALID.items() if key != "consent"}
    for refused in (body, {**body, "consent": False}):
        response = client.post("/api/v1/auth/register", json=refused)
        assert response.status_code == 400
        fields = response.get_json()["error"]["details"]["fields"]
        assert "đồng ý với việc xử lý dữ liệu cá nhân" in fields["consent"]
    assert db.session.query(User).count() == 0


def test_a_missing_consent_is_reported_with_every_other_bad_field(client):
    response = client.post("/api/v1/auth/register", json={**VALID, "consent": False, "phone": "1"})
    assert set(response.get_json()["error"]["details"]["fields"]) == {"consent", "phone"}


def test_consent_is_stored_with_its_time_and_the_notice_version(client, now):
    notice = client.get("/api/v1/auth/consent").get_json()
    assert "Nghị định 13/2023/NĐ-CP" in notice["text"]
    assert f"{notice['retention_days']} ngày" in notice["text"]
    assert client.post("/api/v1/auth/register", json=VALID).status_code == 201
    user = db.session.scalar(select(User))
    assert (user.consent_version, user.consent_at) == (notice["version"], now())
    stored = db.session.get(ConsentNotice, notice["version"])
    assert stored.text == notice["text"]


def test_the_registration_page_shows_the_notice_and_needs_the_box_ticked(client):
    page = client.get("/register").get_data(as_text=True)
    assert "Bảo vệ dữ liệu cá nhân" in page
    assert "ẩn danh" in page
    form = {key: value for key, value in FORM.items() if key != "consent"}
    response = client.post("/register", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="consent-error"' in html
    assert db.session.query(User).count() == 0


def test_the_organizer_text_replaces_the_default_and_is_a_new_version(
    app, client, tmp_path, monkeypatch
):
    default_version = client.get("/api/v1/auth/consent").get_json()["version"]
    text_file = tmp_path / "dong-y.txt"
    text_file.write_text("Sở Tư pháp xử lý dữ liệu của bạn để tổ chức cuộc thi.", encoding="utf-8")
    monkeypatch.setitem(app.config, "CONSENT_TEXT_FILE", str(text_file))
    notice = client.get("/api/v1/auth/consent").get_json()
    assert notice["text"] == "Sở Tư pháp xử lý dữ liệu của bạn để tổ chức cuộc thi."
    assert notice["version"] != default_version
    assert "Sở Tư pháp xử lý" in client.get("/register").get_data(as_text=True)


def test_a_changed_retention_period_is_a_new_notice_version(app, client, monkeypatch):
    first = client.get("/api/v1/auth/consent").get_json()["version"]
    monkeypatch.setitem(app.config, "PRIVACY_RETENTION_DAYS", 30)
    second = client.get("/api/v1/auth/consent").get_json()
    assert second["version"] != first
    assert "30 ngày" in second["text"]
