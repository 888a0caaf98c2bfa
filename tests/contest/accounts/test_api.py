"""Accounts on the API: registration, sign-in by every identifier, tokens for scripts."""

import pytest

from contest.accounts.models import ApiToken, Organization, User
from contest.core.extensions import db

VALID = {
    "full_name": "Trần Thị Bình",
    "birth_date": "2001-03-04",
    "gender": "female",
    "id_number": "079301000123",
    "phone": "+84 987.654.321",
    "email": "Binh.Tran@Example.vn",
    "password": "mot-mat-khau",
    "consent": True,
}


def register(client, **changes):
    return client.post("/api/v1/auth/register", json={**VALID, **changes})


def test_registration_stores_normalized_identity(client):
    response = register(client)
    assert response.status_code == 201
    user = db.session.query(User).one()
    assert user.phone == "0987654321"
    assert user.email == "binh.tran@example.vn"
    assert user.id_number == "079301000123"
    assert user.role.value == "candidate"
    assert user.password_hash != VALID["password"]
    assert response.get_json()["user"]["phone"] == "0987654321"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Vui lòng nhập họ và tên"),
        ("birth_date", "2001-02-30", "Ngày sinh không hợp lệ"),
        ("birth_date", "2999-01-01", "Ngày sinh không thể ở tương lai"),
        ("gender", "x", "Vui lòng chọn giới tính"),
        ("id_number", "12345", "đúng 12 chữ số"),
        ("id_number", "079001000123", "không khớp với năm sinh 2001"),
        ("id_number", "003301000123", "Mã tỉnh 003"),
        ("phone", "12345", "cần 10 chữ số"),
        ("email", "not-an-email", "Địa chỉ email không hợp lệ"),
        ("password", "short", "ít nhất 8 ký tự"),
        ("unit", "Không có trong danh sách", "chọn trong danh sách"),
    ],
)
def test_bad_registration_field_gets_a_vietnamese_message(client, field, value, message):
    response = register(client, **{field: value})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert message in error["details"]["fields"][field]
    assert db.session.query(User).count() == 0


def test_every_bad_field_is_reported_at_once(client):
    response = register(client, full_name="", phone="1", id_number="x")
    fields = response.get_json()["error"]["details"]["fields"]
    assert set(fields) == {"full_name", "phone", "id_number"}


@pytest.mark.parametrize(
    ("field", "duplicate"),
    [
        ("id_number", {"phone": "0911111111", "email": ""}),
        ("phone", {"id_number": "079301000999", "email": ""}),
    ],
)
def test_cccd_and_phone_are_unique(client, field, duplicate):
    assert register(client).status_code == 201
    response = register(client, **duplicate)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "already_registered"
    assert field in error["details"]["fields"]


def test_phone_uniqueness_ignores_formatting(client):
    register(client)
    response = register(client, id_number="079301000999", email="", phone="0987 654 321")
    assert response.status_code == 409


def test_unit_and_locality_come_from_the_organizer_lists(client):
    db.session.add_all(
        [
            Organization(kind="unit", name="Sở Tư pháp"),
            Organization(kind="locality", name="Xã Bình An"),
        ]
    )
    db.session.commit()
    response = register(client, unit="Sở Tư pháp", locality="Xã Bình An")
    assert response.status_code == 201
    assert response.get_json()["user"]["unit"] == "Sở Tư pháp"


def test_non_json_body_is_refused_clearly(client):
    response = client.post("/api/v1/auth/register", data="x", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize(
    "login",
    [
        "binh.tran@example.vn",
        "BINH.TRAN@example.vn",
        "0987654321",
        "+84987654321",
        "0987 654 321",
        "079301000123",
    ],
)
def test_login_by_email_phone_or_cccd(client, login):
    register(client)
    client.post("/api/v1/auth/logout")
    response = client.post(
        "/api/v1/auth/login", json={"login": login, "password": VALID["password"]}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["full_name"] == "Trần Thị Bình"
    assert body["csrf_token"]
    assert client.get("/api/v1/me").get_json()["role"] == "candidate"


@pytest.mark.parametrize(
    ("login", "password"),
    [("0987654321", "sai-mat-khau"), ("0900000000", "mot-mat-khau"), ("", "")],
)
def test_wrong_credentials_answer_401(client, login, password):
    register(client)
    client.post("/api/v1/auth/logout")
    response = client.post("/api/v1/auth/login", json={"login": login, "password": password})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_credentials"


def test_me_requires_sign_in(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_logout_ends_the_session(client, auth, make_user):
    auth.login(make_user())
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_token_is_shown_once_and_stored_hashed(client, auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    response = client.post("/api/v1/me/tokens", json={"name": "xuất kết quả"})
    assert response.status_code == 201
    raw = response.get_json()["token"]
    stored = db.session.query(ApiToken).one()
    assert raw not in (stored.token_hash, stored.prefix)
    assert "token" not in client.get("/api/v1/me/tokens").get_json()["items"][0]


def test_bearer_token_authenticates_a_script_without_csrf(app, make_user):
    user = make_user("organizer")
    auth_client = app.test_client()
    auth_client.send_csrf = False
    from contest.accounts.tokens import create_token

    _token, raw = create_token(user, "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert auth_client.get("/api/v1/me", headers=headers).get_json()["id"] == user.id
    response = auth_client.post("/api/v1/me/tokens", json={"name": "khác"}, headers=headers)
    assert response.status_code == 201


def test_revoked_or_unknown_token_is_refused(app, make_user):
    from contest.accounts.tokens import create_token

    user = make_user("judge")
    token, raw = create_token(user, "script")
    db.session.commit()
    client = app.test_client()
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer tl_nope"}).status_code == 401
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.delete(f"/api/v1/me/tokens/{token.id}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cannot_revoke_someone_elses_token(client, auth, make_user):
    from contest.accounts.tokens import create_token

    other_token, _raw = create_token(make_user("judge"), "x")
    db.session.commit()
    auth.login(make_user("organizer"))
    assert client.delete(f"/api/v1/me/tokens/{other_token.id}").status_code == 404
