"""Registration and sign-in pages, in Vietnamese, with each error next to its field."""

from contest.accounts.models import Organization, User
from contest.core.extensions import db

FORM = {
    "full_name": "Lê Văn Cường",
    "birth_date": "01/12/1985",
    "gender": "male",
    "id_number": "001085000777",
    "phone": "0903 123 456",
    "email": "",
    "password": "mat-khau-dai",
    "consent": "y",
}


def test_registration_page_creates_candidate_and_signs_in(client):
    db.session.add(Organization(kind="unit", name="Công an tỉnh"))
    db.session.commit()
    unit_id = db.session.query(Organization).one().id
    response = client.post("/register", data={**FORM, "unit": str(unit_id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me/")
    user = db.session.query(User).one()
    assert (user.phone, user.unit.name) == ("0903123456", "Công an tỉnh")
    assert "Lê Văn Cường" in client.get("/me/").get_data(as_text=True)


def test_birth_date_is_typed_day_first(client):
    response = client.post("/register", data={**FORM, "birth_date": "31/12/1985"})
    assert response.status_code == 302
    assert db.session.query(User).one().birth_date.isoformat() == "1985-12-31"


def test_impossible_birth_date_is_explained(client):
    response = client.post("/register", data={**FORM, "birth_date": "31/02/1985"})
    assert "Ngày sinh không hợp lệ" in response.get_data(as_text=True)


def test_registration_page_shows_each_error_next_to_its_field(client):
    response = client.post("/register", data={**FORM, "id_number": "001085", "phone": "123"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số CCCD phải có đúng 12 chữ số" in html
    assert "Số điện thoại di động không hợp lệ" in html
    assert 'aria-invalid="true"' in html
    assert db.session.query(User).count() == 0


def test_duplicate_registration_is_explained(client):
    client.post("/register", data=FORM)
    client.post("/logout")
    response = client.post("/register", data={**FORM, "phone": "0903999999"})
    assert "Số CCCD này đã được dùng để đăng ký" in response.get_data(as_text=True)


def test_login_page_accepts_cccd(client, make_user):
    user = make_user()
    response = client.post("/login", data={"login": user.id_number, "password": "mat-khau-1"})
    assert response.status_code == 302


def test_wrong_password_on_login_page_is_explained(client, make_user):
    user = make_user()
    response = client.post("/login", data={"login": user.phone, "password": "sai"})
    assert "Thông tin đăng nhập không đúng" in response.get_data(as_text=True)


def test_login_redirects_only_to_local_next(client, make_user):
    user = make_user("organizer")
    response = client.post(
        "/login?next=https://evil.example/", data={"login": user.email, "password": "mat-khau-1"}
    )
    assert response.headers["Location"].endswith("/organizer/")
