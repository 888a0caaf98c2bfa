"""Limits fitted to Vietnam's networks: strict per account, generous per address.

A school, a commune hall or a carrier's CGNAT puts hundreds of people behind one address, so
an address may sign in and register many times; one account may not be guessed at from many.
"""

from __future__ import annotations

import re

import pytest

from contest.core import limits
from tests.conftest import PASSWORD
from tests.contest.accounts.test_api import VALID
from tests.factories.accounts import unique_cccd, unique_phone

WRONG = "khong-phai-mat-khau"


def api_sign_in(client, login: str, password: str, address: str = "203.0.113.10"):
    return client.post(
        "/api/v1/auth/login",
        json={"login": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_forty_wrong_passwords_for_one_account_from_forty_addresses_are_stopped(app, make_user):
    user = make_user()
    client = app.test_client()
    answers = [api_sign_in(client, user.login_name, WRONG, f"198.51.100.{n}") for n in range(1, 41)]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 35
    refused = answers[5]
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert "nhập sai mật khẩu nhiều lần" in refused.get_json()["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 30
    assert refused.get_json()["error"]["details"]["retry_after_seconds"] <= 30


def test_the_sign_in_page_says_in_vietnamese_when_to_come_back(client, make_user):
    user = make_user()
    for n in range(5):
        page = client.post(
            "/login",
            data={"login": user.login_name, "password": WRONG},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        )
        assert page.status_code == 200
    page = client.post("/login", data={"login": user.login_name, "password": WRONG})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "Tài khoản này đã bị nhập sai mật khẩu nhiều lần" in text
    assert re.search(r"thử lại sau [1-3]?\d giây", text)  # 30 s, less what the test took
    assert int(page.headers["Retry-After"]) > 0
    assert 'name="password"' in text  # the form is still there, to try again later


def test_while_an_account_waits_even_its_right_password_is_refused(client, make_user):
    user = make_user()
    for _ in range(5):
        api_sign_in(client, user.login_name, WRONG)
    assert api_sign_in(client, user.login_name, PASSWORD).status_code == 429


def test_the_page_and_the_api_count_the_failures_of_one_account_together(client, make_user):
    user = make_user()
    for _ in range(3):
        client.post("/login", data={"login": user.login_name, "password": WRONG})
    for _ in range(2):
        assert api_sign_in(client, user.phone, WRONG).status_code == 401
    assert api_sign_in(client, user.id_number, WRONG).status_code == 429


def test_a_successful_sign_in_wipes_the_failures(client, make_user):
    user = make_user()
    statuses = [api_sign_in(client, user.login_name, WRONG).status_code for _ in range(4)]
    statuses.append(api_sign_in(client, user.login_name, PASSWORD).status_code)
    statuses += [api_sign_in(client, user.login_name, WRONG).status_code for _ in range(4)]
    assert statuses == [401] * 4 + [200] + [401] * 4


def test_an_unknown_login_waits_like_an_account_so_that_both_look_alike(client):
    statuses = [api_sign_in(client, "0911222333", WRONG).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_each_further_failure_doubles_the_wait_up_to_the_cap(app, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_SIGN_IN_MAX_WAIT", 600)
    waits = [limits.record_sign_in_failure("user:42") for _ in range(10)]
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240, 480, 600]
    assert 590 < limits.sign_in_wait("user:42") <= 600


def test_a_school_of_200_pupils_behind_one_address_all_sign_in(app, make_user):
    pupils = [make_user() for _ in range(200)]
    statuses = []
    for n, pupil in enumerate(pupils):
        browser = app.test_client()
        if n % 5 == 0:  # one pupil in five mistypes first
            statuses.append(api_sign_in(browser, pupil.login_name, WRONG).status_code)
        statuses.append(api_sign_in(browser, pupil.login_name, PASSWORD).status_code)
    assert statuses.count(200) == 200
    assert statuses.count(401) == 40
    assert 429 not in statuses


def _registration(**changes) -> dict:
    return {**VALID, "id_number": unique_cccd(2001, male=False), "phone": unique_phone()}


def test_a_class_registering_together_behind_one_address_is_not_blocked(client):
    statuses = [
        client.post(
            "/api/v1/auth/register", json={**_registration(), "email": f"hs{n}@truong.edu.vn"}
        ).status_code
        for n in range(40)
    ]
    assert statuses == [201] * 40


@pytest.mark.parametrize("path", ["/api/v1/auth/register", "/register"])
def test_one_cccd_may_be_tried_only_a_few_times(client, app, monkeypatch, path):
    monkeypatch.setitem(app.config, "LIMIT_REGISTER_IDENTITY", "2/hour")
    body = {**_registration(), "birth_date": "không phải ngày"}
    send = (lambda b: client.post(path, json=b)) if path.startswith("/api") else None
    send = send or (lambda b: client.post(path, data={**b, "consent": "y"}))
    statuses = [send(body).status_code for _ in range(3)]
    assert statuses[2] == 429
    assert send({**body, "id_number": unique_cccd(2001, male=False)}).status_code != 429


def test_a_school_may_ask_for_several_reset_links_but_one_account_only_a_few(client, make_user):
    pupils = [make_user(email=f"em{n}@truong.edu.vn") for n in range(6)]
    statuses = [
        client.post("/api/v1/auth/password/forgot", json={"login": p.email}).status_code
        for p in pupils
    ]
    assert statuses == [202] * 6
    again = [
        client.post("/api/v1/auth/password/forgot", json={"login": pupils[0].email}).status_code
        for _ in range(3)
    ]
    assert again == [202, 202, 429]


def test_an_address_past_its_ceiling_gets_a_vietnamese_page_saying_when(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_SIGN_IN", "2/minute")
    pages = [
        client.post("/login", data={"login": f"09120000{n:02d}", "password": WRONG})
        for n in range(3)
    ]
    assert [p.status_code for p in pages] == [200, 200, 429]
    assert "Bạn thao tác quá nhanh" in pages[2].get_data(as_text=True)
    assert 0 < int(pages[2].headers["Retry-After"]) <= 60


def test_the_wait_is_told_in_english_to_those_who_chose_english(client, make_user):
    user = make_user()
    client.get("/lang/en")
    for _ in range(5):
        api_sign_in(client, user.login_name, WRONG)
    message = api_sign_in(client, user.login_name, WRONG).get_json()["error"]["message"]
    assert message.startswith("This account has had too many wrong passwords")
    assert re.search(r"try again in [1-3]?\d s\.$", message)
