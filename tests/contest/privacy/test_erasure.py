"""Asking to erase one's data: at once when nothing holds it, otherwise recorded for later."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from contest.accounts.models import User
from contest.attempts.models import Attempt, AttemptEvent
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.privacy.models import DeletionRequest
from tests.conftest import PASSWORD
from tests.contest.privacy.scenario import settled_contest, take_part
from tests.factories.rounds import gen_round


def ask(client, password: str = PASSWORD):
    return client.post("/api/v1/me/data/deletion", json={"password": password})


def test_erasure_is_immediate_when_nothing_holds_the_data(app, client, auth, make_user, now):
    scene = settled_contest(make_user, locked=False)
    candidate = scene.winner
    phone = candidate.phone
    auth.login(candidate)
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    response = ask(client)
    assert response.get_json() == {"status": "anonymised", "blockers": []}
    user = db.session.get(User, candidate.id)
    assert (user.full_name, user.id_number, user.phone, user.active) == (
        "Ẩn danh",
        None,
        None,
        False,
    )
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == candidate.id))
    assert (attempt.ip, attempt.user_agent, attempt.score) == (None, None, 10)
    assert set(
        db.session.scalars(select(AttemptEvent.ip).where(AttemptEvent.attempt_id == attempt.id))
    ) == {None}
    assert copied.get("/api/v1/me").status_code == 401  # signed out everywhere
    login = app.test_client().post(
        "/api/v1/auth/login", json={"login": phone, "password": PASSWORD}
    )
    assert login.status_code == 401
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.anonymise"))
    assert entry.object_id == str(candidate.id)


def test_erasure_waits_while_the_candidate_is_on_a_locked_prize_list(client, auth, make_user, now):
    scene = settled_contest(make_user)
    auth.login(scene.winner)
    response = ask(client)
    body = response.get_json()
    assert body["status"] == "pending"
    assert [b["code"] for b in body["blockers"]] == ["locked_prize_list"]
    assert db.session.get(User, scene.winner.id).id_number is not None
    assert db.session.scalar(select(DeletionRequest.user_id)) == scene.winner.id
    assert client.get("/api/v1/me").status_code == 200
    ask(client)  # asking again records nothing new
    assert db.session.query(DeletionRequest).count() == 1


def test_erasure_waits_for_an_open_round(client, auth, make_user, now):
    candidate = make_user()
    take_part(gen_round(closes_at=now() + timedelta(days=1)), candidate, score=3)
    db.session.commit()
    auth.login(candidate)
    assert [b["code"] for b in ask(client).get_json()["blockers"]] == ["open_round"]


def test_a_runner_up_off_the_locked_list_is_erased_at_once(client, auth, make_user, now):
    scene = settled_contest(make_user)
    auth.login(scene.others[0])
    assert ask(client).get_json()["status"] == "anonymised"


def test_erasure_needs_the_password(client, auth, make_user):
    candidate = make_user()
    auth.login(candidate)
    response = ask(client, "sai-mat-khau")
    assert response.status_code == 400
    assert "password" in response.get_json()["error"]["details"]["fields"]
    assert db.session.get(User, candidate.id).anonymised_at is None


def test_staff_accounts_are_not_erased_on_request(client, auth, make_user):
    auth.login(make_user("organizer"))
    response = ask(client)
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "not_candidate")


def test_organizers_see_the_pending_requests(app, client, auth, make_user, now):
    scene = settled_contest(make_user)
    auth.login(scene.winner)
    ask(client)
    organizer = app.test_client()
    organizer.post(
        "/api/v1/auth/login", json={"login": make_user("organizer").email, "password": PASSWORD}
    )
    items = organizer.get("/api/v1/privacy/deletion-requests").get_json()["items"]
    assert [item["user_id"] for item in items] == [scene.winner.id]
    page = organizer.get("/organizer/privacy").get_data(as_text=True)
    assert scene.winner.full_name in page


def test_the_page_erases_and_signs_out(client, make_user, now):
    candidate = make_user()
    client.post("/login", data={"login": candidate.phone, "password": PASSWORD})
    page = client.get("/me/data").get_data(as_text=True)
    assert "Yêu cầu xóa dữ liệu" in page
    refused = client.post("/me/data/deletion", data={"password": PASSWORD})
    assert refused.status_code == 400  # the box saying it cannot be undone was not ticked
    response = client.post("/me/data/deletion", data={"password": PASSWORD, "understood": "y"})
    assert response.headers["Location"].endswith("/")
    assert client.get("/api/v1/me").status_code == 401
    assert db.session.get(User, candidate.id).anonymised_at is not None
