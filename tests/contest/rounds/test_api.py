"""Rounds on the API: organizers add, change, clone, close and publish; reads follow the contest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contest.accounts.tokens import create_token
from contest.attempts.models import Attempt
from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.rounds.models import Round
from tests.factories.rounds import gen_contest, gen_open_round

pytestmark = pytest.mark.usefixtures("now")  # every test runs on the test clock

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ROUND = {
    "name": "Tuần thi thứ nhất",
    "opens_at": "2026-12-01T08:00:00+07:00",
    "closes_at": "2026-12-07T23:59:00+07:00",
    "time_limit_seconds": 1200,
    "blueprint": [
        {"topic": "Hiến pháp", "difficulty": "easy", "count": 2},
        {"topic": "Giao thông", "count": 1},
    ],
    "max_attempts": 2,
    "counted_attempt": "best",
    "prediction_question": "Bao nhiêu người đạt điểm tối đa?",
    "prediction_target": "perfect_candidates",
}


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_candidates_and_judges_cannot_write(client, auth, make_user, role):
    contest = gen_contest()
    round_ = gen_open_round(contest, questions=0)
    auth.login(make_user(role))

    writes = [
        client.post("/api/v1/contests", json={"title": "X"}),
        client.patch(f"/api/v1/contests/{contest.id}", json={"title": "X"}),
        client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND),
        client.patch(f"/api/v1/rounds/{round_.id}", json={"name": "X"}),
        client.post(f"/api/v1/rounds/{round_.id}/close"),
        client.post(f"/api/v1/rounds/{round_.id}/publish"),
        client.post(f"/api/v1/rounds/{round_.id}/clone"),
    ]

    assert [r.status_code for r in writes] == [403] * len(writes)


def test_anonymous_writes_get_401(client):
    contest = gen_contest()

    response = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_organizer_adds_a_round_and_reads_it_back_in_vietnam_time(client, organizer, two_topics):
    contest = gen_contest()

    created = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND)
    round_ = client.get(f"/api/v1/rounds/{created.get_json()['id']}").get_json()

    assert created.status_code == 201
    assert round_["contest_id"] == contest.id
    assert (round_["opens_at"], round_["closes_at"]) == (
        "2026-12-01T08:00:00+07:00",
        "2026-12-07T23:59:00+07:00",
    )
    assert (round_["question_count"], round_["state"], round_["time_limit_seconds"]) == (
        3,
        "draft",
        1200,
    )
    assert round_["blueprint"] == [
        {
            "topic": "Hiến pháp",
            "topic_id": two_topics[0].topic_id,
            "difficulty": "easy",
            "count": 2,
        },
        {"topic": "Giao thông", "topic_id": two_topics[3].topic_id, "difficulty": None, "count": 1},
    ]
    assert (round_["max_attempts"], round_["prediction_target"], round_["frozen"]) == (
        2,
        "perfect_candidates",
        False,
    )
    assert round_["tie_break"] == ["score", "duration", "prediction_error", "submitted_at"]
    assert db.session.get(Round, round_["id"]).opens_at == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_round_with_an_unsatisfiable_blueprint_gets_400_naming_each_cell(
    client, organizer, two_topics
):
    contest = gen_contest()
    body = {
        **ROUND,
        "blueprint": [
            {"topic": "Hiến pháp", "difficulty": "easy", "count": 5},
            {"topic": "Giao thông", "difficulty": "hard", "count": 1},
        ],
    }

    response = client.post(f"/api/v1/contests/{contest.id}/rounds", json=body)

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "blueprint_unsatisfiable"
    assert error["details"]["cells"] == [
        {
            "topic": "Hiến pháp",
            "topic_id": two_topics[0].topic_id,
            "difficulty": "easy",
            "requested": 5,
            "available": 3,
        }
    ]
    assert "Hiến pháp – Dễ: cần 5 câu, chỉ có 3 câu (thiếu 2)" in error["message"]
    assert error["details"]["fields"]["blueprint"] == error["message"]


def test_round_with_a_fixed_question_list(client, organizer, two_topics):
    contest = gen_contest()
    body = {**ROUND, "blueprint": None, "question_ids": [two_topics[3].id, two_topics[0].id]}

    created = client.post(f"/api/v1/contests/{contest.id}/rounds", json=body).get_json()

    assert (created["question_source"], created["question_ids"], created["question_count"]) == (
        "fixed",
        [two_topics[3].id, two_topics[0].id],
        2,
    )


def test_round_fields_are_checked_one_message_each(client, organizer, two_topics):
    contest = gen_contest()
    body = {
        **ROUND,
        "closes_at": "2026-11-30T08:00:00+07:00",
        "time_limit_seconds": 0,
        "tie_break": ["duration"],
    }

    response = client.post(f"/api/v1/contests/{contest.id}/rounds", json=body)

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["fields"] == {
        "time_limit_seconds": "Thời gian làm bài phải là số dương (tối đa 24 giờ).",
        "tie_break": "Tiêu chí xếp hạng đầu tiên phải là điểm.",
        "closes_at": "Thời điểm đóng phải sau thời điểm mở.",
    }


def test_patch_of_a_started_round_is_409_round_frozen(client, organizer, two_topics, make_user):
    contest = gen_contest()
    round_id = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND).get_json()["id"]
    db.session.add(
        Attempt(
            round_id=round_id,
            user_id=make_user().id,
            number=1,
            seed=3,
            started_at=NOW,
            deadline=NOW + timedelta(minutes=20),
        )
    )
    db.session.get(Round, round_id).settings_frozen_at = NOW  # as the start of an attempt does
    db.session.commit()

    refused = client.patch(f"/api/v1/rounds/{round_id}", json={"max_attempts": 3})
    no_reason = client.patch(
        f"/api/v1/rounds/{round_id}", json={"closes_at": "2026-12-08T23:59:00+07:00"}
    )
    moved = client.patch(
        f"/api/v1/rounds/{round_id}",
        json={"closes_at": "2026-12-08T23:59:00+07:00", "reason": "Gia hạn do sự cố"},
    )

    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "round_frozen"
    assert refused.get_json()["error"]["details"]["fields"] == ["max_attempts"]
    assert no_reason.status_code == 400
    assert "reason" in no_reason.get_json()["error"]["details"]["fields"]
    assert moved.status_code == 200
    assert (moved.get_json()["closes_at"], moved.get_json()["frozen"]) == (
        "2026-12-08T23:59:00+07:00",
        True,
    )


def test_close_and_publish(client, organizer, now):
    round_ = gen_open_round(gen_contest(), questions=0)

    closed = client.post(f"/api/v1/rounds/{round_.id}/close")
    closed_again = client.post(f"/api/v1/rounds/{round_.id}/close")
    published = client.post(f"/api/v1/rounds/{round_.id}/publish")

    assert closed.status_code == 200
    assert closed.get_json()["state"] == "closed"
    assert closed.get_json()["closed_early_at"] == "2026-11-27T19:00:00+07:00"
    assert closed_again.status_code == 409
    assert closed_again.get_json()["error"]["code"] == "round_not_open"
    assert published.get_json()["state"] == "published"
    assert published.get_json()["results_published_at"] == "2026-11-27T19:00:00+07:00"


def test_publish_before_close_is_409(client, organizer):
    round_ = gen_open_round(gen_contest(), questions=0)

    response = client.post(f"/api/v1/rounds/{round_.id}/publish")

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "round_not_closed"


def test_clone_copies_the_round_a_week_later(client, organizer, two_topics):
    contest = gen_contest()
    source = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND).get_json()

    copy = client.post(f"/api/v1/rounds/{source['id']}/clone", json={"name": "Tuần thi thứ hai"})

    assert copy.status_code == 201
    body = copy.get_json()
    assert (body["name"], body["opens_at"]) == ("Tuần thi thứ hai", "2026-12-08T08:00:00+07:00")
    assert body["blueprint"] == source["blueprint"]


def test_bearer_token_creates_a_round_without_csrf(app, make_user, two_topics):
    contest = gen_contest()
    _token, raw = create_token(make_user("organizer"), "script")
    db.session.commit()
    script = app.test_client()
    script.send_csrf = False

    response = script.post(
        f"/api/v1/contests/{contest.id}/rounds",
        json=ROUND,
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201
    entry = db.session.query(AuditEntry).filter_by(action="rounds.create").one()
    assert entry.actor.role.value == "organizer"


def test_a_new_round_is_a_draft_staff_see_and_candidates_do_not(
    client, auth, organizer, two_topics
):
    contest = gen_contest()
    round_id = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND).get_json()["id"]
    client.post("/api/v1/auth/logout")

    anonymous = client.get(f"/api/v1/rounds/{round_id}")
    listed = client.get(f"/api/v1/contests/{contest.id}").get_json()["rounds"]

    assert anonymous.status_code == 404
    assert listed == []


def test_checklist_then_announce_opens_the_round_at_its_time(client, organizer, two_topics):
    contest = gen_contest(rules="")
    round_id = client.post(f"/api/v1/contests/{contest.id}/rounds", json=ROUND).get_json()["id"]

    checklist = client.get(f"/api/v1/rounds/{round_id}/checklist").get_json()
    refused = client.post(f"/api/v1/rounds/{round_id}/announce")
    contest.rules = "Thể lệ"
    prizes = client.post(
        f"/api/v1/rounds/{round_id}/prizes", json={"tiers": [{"name": "Giải nhất", "count": 1}]}
    )
    announced = client.post(f"/api/v1/rounds/{round_id}/announce")

    assert checklist["ready"] is False
    assert {c["name"]: c["ok"] for c in checklist["checks"]} == {
        "rules": False,
        "questions": True,
        "prizes": False,
        "dates": True,
    }
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "checklist_incomplete"
    assert refused.get_json()["error"]["details"]["checks"] == ["rules", "prizes"]
    assert prizes.status_code in (200, 201)
    assert announced.status_code == 200
    assert announced.get_json()["state"] == "upcoming"
    assert announced.get_json()["announced_at"] == "2026-11-27T19:00:00+07:00"


def test_close_records_the_reason_in_the_audit_log(client, organizer, now):
    round_ = gen_open_round(gen_contest(), questions=0)

    closed = client.post(f"/api/v1/rounds/{round_.id}/close", json={"reason": "Sự cố mạng"})

    assert closed.status_code == 200
    entry = db.session.query(AuditEntry).filter_by(action="rounds.close").one()
    assert entry.reason == "Sự cố mạng"
