"""Getting back into an account: "Quên mật khẩu" by e-mail, and a one-time password from staff.

The e-mailed link is signed, single-use and short-lived; asking for it answers the same whether
or not the account exists. A candidate without e-mail gets a one-time password from organizer
staff, who check the CCCD and date of birth first, and must change it at the next sign-in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "mat-khau-moi-9"


@pytest.fixture
def outbox(app):
    """The messages sent during the test (Flask-Mailman's in-memory backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


def reset_link(message) -> str:
    return re.search(r"http://localhost(/password/reset/\S+)", message.body).group(1)


def ask_for_link(client, login: str):
    return client.post("/password/forgot", data={"login": login})


def signs_in(app, user, password: str) -> bool:
    response = app.test_client().post(
        "/api/v1/auth/login", json={"login": user.login_name, "password": password}
    )
    return response.status_code == 200


# --- by e-mail -------------------------------------------------------------------------------


def test_forgotten_password_is_reset_through_the_emailed_link(app, client, make_user, outbox):
    user = make_user(email="binh@example.vn")
    response = ask_for_link(client, "binh@example.vn")
    assert "Hãy kiểm tra email" in response.get_data(as_text=True)
    [message] = outbox
    assert message.to == ["binh@example.vn"]
    assert "30 phút" in message.body
    link = reset_link(message)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/login")
    assert signs_in(app, user, NEW_PASSWORD)
    assert not signs_in(app, user, PASSWORD)


@pytest.mark.parametrize("login", ["phone", "id_number"])
def test_the_link_goes_to_the_accounts_email_whatever_login_is_typed(
    client, make_user, outbox, login
):
    user = make_user(email="an@example.vn")
    ask_for_link(client, getattr(user, login))
    assert [m.to for m in outbox] == [["an@example.vn"]]


def test_the_answer_is_the_same_whether_or_not_the_account_exists(client, make_user, outbox):
    make_user(email="co@example.vn")
    make_user()  # no e-mail address
    answers = {
        ask_for_link(client, login).get_data(as_text=True).split('name="csrf_token"')[0]
        for login in ("co@example.vn", "khong-co@example.vn", "0999999999")
    }
    assert len(answers) == 1
    assert len(outbox) == 1


def test_the_api_answers_the_same_whether_or_not_the_account_exists(client, make_user, outbox):
    make_user(email="co@example.vn")
    first = client.post("/api/v1/auth/password/forgot", json={"login": "co@example.vn"})
    second = client.post("/api/v1/auth/password/forgot", json={"login": "nobody@example.vn"})
    assert first.status_code == second.status_code == 202
    assert first.get_json() == second.get_json()
    assert len(outbox) == 1


def test_a_reset_link_works_only_once(app, client, make_user, outbox):
    user = make_user(email="mot@example.vn")
    ask_for_link(client, user.email)
    link = reset_link(outbox[0])
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = client.post(link, data={"password": "mat-khau-khac-1", "confirm": "mat-khau-khac-1"})
    assert again.status_code == 400
    assert "đã được dùng hoặc đã hết hạn" in again.get_data(as_text=True)
    assert signs_in(app, user, NEW_PASSWORD)


def test_a_reset_link_expires(app, client, make_user, outbox, now, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MINUTES", 30)
    user = make_user(email="het@example.vn")
    ask_for_link(client, user.email)
    now(now() + timedelta(minutes=31))
    response = client.get(reset_link(outbox[0]))
    assert response.status_code == 400
    assert "Yêu cầu liên kết mới" in response.get_data(as_text=True)


def test_a_tampered_link_is_refused(client, make_user, outbox):
    user = make_user(email="sua@example.vn")
    ask_for_link(client, user.email)
    link = reset_link(outbox[0])
    assert client.get(link[:-2] + ("aa" if not link.endswith("aa") else "bb")).status_code == 400


def test_a_reset_signs_the_account_out_everywhere(app, client, auth, make_user, outbox):
    user = make_user(email="ra@example.vn")
    stolen = app.test_client()
    AuthActionsFor(stolen).login(user)
    ask_for_link(client, user.email)
    client.post(reset_link(outbox[0]), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert stolen.get("/api/v1/me").status_code == 401


def test_reset_through_the_api_and_a_wrong_token(app, client, make_user, outbox):
    user = make_user(email="api@example.vn")
    client.post("/api/v1/auth/password/forgot", json={"login": user.email})
    token = reset_link(outbox[0]).rsplit("/", 1)[1]
    response = client.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert signs_in(app, user, NEW_PASSWORD)
    response = client.post(
        "/api/v1/auth/password/reset", json={"token": token, "password": "mat-khau-khac-1"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_asking_for_links_is_rate_limited(client, make_user, outbox):
    make_user(email="nhieu@example.vn")
    statuses = [ask_for_link(client, "nhieu@example.vn").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    assert len(outbox) == 3


def test_a_disabled_account_gets_no_link(client, make_user, outbox):
    make_user("judge", email="tat@example.vn", active=False)
    ask_for_link(client, "tat@example.vn")
    assert outbox == []


class AuthActionsFor:
    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = PASSWORD):
        response = self.client.post(
            "/api/v1/auth/login", json={"login": user.login_name, "password": password}
        )
        assert response.status_code == 200
        return response


# --- one-time passwords from organizer staff -----------------------------------------------


def reset_form(candidate, **changes):
    return {
        "id_number": candidate.id_number,
        "birth_date": candidate.birth_date.strftime("%d/%m/%Y"),
        "checked": "y",
        **changes,
    }


def one_time_password(response) -> str:
    return re.search(r'id="one-time-password">([^<]+)<', response.get_data(as_text=True)).group(1)


def test_organizer_resets_a_candidate_after_checking_cccd_and_birth_date(
    app, client, organizer, make_user
):
    candidate = make_user()
    response = client.post("/organizer/candidates/password-reset", data=reset_form(candidate))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = one_time_password(response)
    assert signs_in(app, candidate, password)
    assert not signs_in(app, candidate, PASSWORD)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "users.password_reset"))
    assert (entry.actor_id, entry.object_id) == (organizer.id, str(candidate.id))
    assert entry.after["via"] == "identity_check"


@pytest.mark.parametrize("changes", [{"birth_date": "02/01/1990"}, {"id_number": "001090999999"}])
def test_a_reset_needs_both_cccd_and_birth_date_to_match(
    app, client, organizer, make_user, changes
):
    candidate = make_user(birth_date=date(1990, 1, 1))
    response = client.post(
        "/organizer/candidates/password-reset", data=reset_form(candidate, **changes)
    )
    assert "không khớp" in response.get_data(as_text=True)
    assert 'id="one-time-password"' not in response.get_data(as_text=True)
    assert signs_in(app, candidate, PASSWORD)
    refused = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "users.password_reset_refused")
    )
    assert refused.actor_id == organizer.id


def test_only_organizer_staff_reset_candidates(client, auth, make_user):
    auth.login(make_user("judge"))
    response = client.post("/organizer/candidates/password-reset", data=reset_form(make_user()))
    assert response.status_code == 403


def test_a_one_time_password_must_be_changed_at_sign_in(app, client, organizer, make_user):
    candidate = make_user()
    password = one_time_password(
        client.post("/organizer/candidates/password-reset", data=reset_form(candidate))
    )
    browser = app.test_client()
    response = browser.post("/login", data={"login": candidate.phone, "password": password})
    assert browser.get("/me/").headers["Location"].endswith("/password/change")
    api = browser.get("/api/v1/rounds/1")
    assert (api.status_code, api.get_json()["error"]["code"]) == (403, "password_change_required")
    assert browser.get("/api/v1/me").get_json()["must_change_password"] is True
    response = browser.post(
        "/password/change", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.headers["Location"].endswith("/me/")
    assert browser.get("/me/").status_code == 200
    assert signs_in(app, candidate, NEW_PASSWORD)


def test_an_unused_one_time_password_expires(app, client, organizer, make_user, now, monkeypatch):
    monkeypatch.setitem(app.config, "ONE_TIME_PASSWORD_HOURS", 72)
    candidate = make_user()
    password = one_time_password(
        client.post("/organizer/candidates/password-reset", data=reset_form(candidate))
    )
    now(now() + timedelta(hours=73))
    assert not signs_in(app, candidate, password)


def test_a_reset_by_staff_signs_the_candidate_out_everywhere(app, client, organizer, make_user):
    candidate = make_user()
    elsewhere = app.test_client()
    AuthActionsFor(elsewhere).login(candidate)
    client.post("/organizer/candidates/password-reset", data=reset_form(candidate))
    assert elsewhere.get("/api/v1/me").status_code == 401


def test_a_mail_server_that_is_down_changes_nothing_in_the_answer(client, make_user, monkeypatch):
    from contest.core import mail

    def refuse(*_args):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(mail, "send", refuse)
    make_user(email="co@example.vn")
    down = client.post("/api/v1/auth/password/forgot", json={"login": "co@example.vn"})
    unknown = client.post("/api/v1/auth/password/forgot", json={"login": "khong@example.vn"})
    assert down.status_code == unknown.status_code == 202
    assert down.get_json() == unknown.get_json()
