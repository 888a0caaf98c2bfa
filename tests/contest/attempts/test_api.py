"""The attempts API, exactly as docs/API.md describes it: start, answers, submit, result."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.accounts.tokens import create_token
from contest.attempts.models import Answer, Attempt, AttemptEvent, AttemptEventKind, AttemptStatus
from contest.attempts.start import _capture_pool, _new_attempt
from contest.core.extensions import db
from contest.rounds.models import Round
from contest.rounds.pool import round_pool
from questions.models import Question
from tests.contest.attempts.races import concurrently, postgres_only
from tests.contest.attempts.taking import fill_in_round
from tests.factories.rounds import gen_contest, gen_group, gen_open_round, gen_participation


def ready_round(candidate, **settings):
    settings.setdefault("questions", 4)
    round_ = gen_open_round(**settings)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    return round_


def start(client, round_):
    return client.post(f"/api/v1/rounds/{round_.id}/attempts")


def correct_ids(question_id):
    question = db.session.get(Question, question_id)
    return [o.id for o in question.current.options if o.is_correct]


def put_answer(client, attempt_id, question_id, option_ids, **extra):
    return client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{question_id}",
        json={"option_ids": option_ids, **extra},
    )


def walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item)


LEAKY_KEYS = {"is_correct", "correct", "correct_option_ids", "explanation", "legal_basis", "label"}


def assert_no_key_leak(payload):
    assert LEAKY_KEYS.isdisjoint(walk_keys(payload)), payload


# --- start and resume ------------------------------------------------------------------------


def test_start_answers_201_with_the_attempt(signed_in, now, candidate):
    round_ = ready_round(candidate)

    response = start(signed_in, round_)

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) >= {
        "id",
        "round_id",
        "status",
        "started_at",
        "deadline",
        "server_time",
        "questions",
        "answers",
    }
    assert (body["round_id"], body["status"], body["answers"]) == (round_.id, "in_progress", {})
    assert body["started_at"] == "2026-11-27T12:00:00.000+00:00"
    assert body["deadline"] == "2026-11-27T12:10:00.000+00:00"
    assert body["server_time"] == "2026-11-27T12:00:00.000+00:00"
    assert [q["position"] for q in body["questions"]] == [1, 2, 3, 4]
    question = body["questions"][0]
    assert set(question) == {"id", "position", "text", "type", "options", "points"}
    assert (question["type"], question["points"]) == ("single", None)
    assert all(set(option) == {"id", "text"} for option in question["options"])


def test_starting_again_resumes_with_200_and_every_saved_answer(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    first, second = body["questions"][0], body["questions"][1]
    put_answer(signed_in, body["id"], first["id"], [first["options"][2]["id"]])
    put_answer(signed_in, body["id"], second["id"], [second["options"][0]["id"]])

    now(now() + timedelta(minutes=1))
    response = start(signed_in, round_)

    assert response.status_code == 200
    resumed = response.get_json()
    assert resumed["id"] == body["id"]
    assert resumed["questions"] == body["questions"]
    assert resumed["answers"] == {
        str(first["id"]): [first["options"][2]["id"]],
        str(second["id"]): [second["options"][0]["id"]],
    }
    assert resumed["server_time"] == "2026-11-27T12:01:00.000+00:00"


def test_another_device_sees_every_saved_answer(app, signed_in, now, candidate, auth):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    for question in body["questions"]:
        put_answer(signed_in, body["id"], question["id"], [question["options"][1]["id"]])

    phone = app.test_client()
    phone_auth = type(auth)(phone)
    phone_auth.login(candidate)
    seen = phone.get(f"/api/v1/attempts/{body['id']}").get_json()

    assert seen["answers"] == {str(q["id"]): [q["options"][1]["id"]] for q in body["questions"]}


@pytest.mark.parametrize(
    ("settings", "shift", "code"),
    [
        ({}, timedelta(hours=-2), "round_not_open"),
        ({}, timedelta(days=8), "round_not_open"),
    ],
)
def test_round_not_open_is_409(signed_in, now, candidate, settings, shift, code):
    round_ = ready_round(candidate, **settings)
    now(now() + shift)

    response = start(signed_in, round_)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == code


def test_attempts_exhausted_is_409(signed_in, now, candidate):
    round_ = ready_round(candidate, max_attempts=1)
    body = start(signed_in, round_).get_json()
    signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})

    response = start(signed_in, round_)

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "attempts_exhausted"
    assert "hết số lượt" in error["message"]


def test_cooldown_is_409_with_retry_after_seconds(signed_in, now, candidate):
    round_ = ready_round(candidate, max_attempts=2, cooldown_seconds=90)
    body = start(signed_in, round_).get_json()
    signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})

    now(now() + timedelta(seconds=30))
    response = start(signed_in, round_)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "cooldown"
    assert response.get_json()["error"]["details"] == {"retry_after_seconds": 60}


def test_rules_must_be_accepted_first(signed_in, now):
    round_ = gen_open_round(questions=1)
    db.session.commit()

    response = start(signed_in, round_)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "rules_not_accepted"


def test_ineligible_candidate_gets_403_with_the_reason(signed_in, now, candidate):
    round_ = ready_round(candidate)
    round_.contest.min_age = 40  # the candidate was born in 1990
    db.session.commit()

    response = start(signed_in, round_)

    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "not_eligible"
    assert "40 tuổi" in error["message"]


def test_staff_cannot_start_an_attempt(client, auth, make_user, now):
    round_ = gen_open_round(questions=1)
    db.session.commit()
    auth.login(make_user("organizer"))

    assert start(client, round_).status_code == 403


def test_accepting_rules_through_the_api_with_a_group(signed_in, now, candidate):
    contest = gen_contest()
    round_ = gen_open_round(contest, questions=1)
    group = gen_group(contest, "Học sinh, sinh viên")
    db.session.commit()

    missing = signed_in.post(f"/api/v1/contests/{contest.id}/participation", json={})
    accepted = signed_in.post(
        f"/api/v1/contests/{contest.id}/participation", json={"group_id": group.id}
    )

    assert missing.status_code == 400
    assert "group_id" in missing.get_json()["error"]["details"]["fields"]
    assert accepted.status_code == 200
    assert accepted.get_json()["group_id"] == group.id
    assert start(signed_in, round_).status_code == 201


# --- answers -----------------------------------------------------------------------------------


def test_save_change_and_clear_an_answer(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]
    options = [o["id"] for o in question["options"]]

    saved = put_answer(signed_in, body["id"], question["id"], [options[0]])
    changed = put_answer(signed_in, body["id"], question["id"], [options[3]])
    cleared = put_answer(signed_in, body["id"], question["id"], [])

    assert [r.status_code for r in (saved, changed, cleared)] == [200, 200, 200]
    assert saved.get_json()["saved_at"] == "2026-11-27T12:00:00.000+00:00"
    assert changed.get_json()["option_ids"] == [options[3]]
    answer = db.session.scalar(select(Answer))
    assert (answer.option_ids, answer.save_count) == ([], 3)
    assert signed_in.get(f"/api/v1/attempts/{body['id']}").get_json()["answers"] == {}


def test_stale_save_with_an_older_seq_does_not_overwrite(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]
    new, old = question["options"][1]["id"], question["options"][0]["id"]

    put_answer(signed_in, body["id"], question["id"], [new], seq=20)
    response = put_answer(signed_in, body["id"], question["id"], [old], seq=10)

    assert response.status_code == 200
    assert response.get_json()["option_ids"] == [new]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"option_ids": [999999]}, "invalid_option"),
        ({"option_ids": "1"}, "invalid_input"),
        ({"option_ids": [True]}, "invalid_input"),
        ({}, "invalid_input"),
        ({"option_ids": [], "seq": -1}, "invalid_input"),
    ],
)
def test_bad_answer_is_400(signed_in, now, candidate, payload, code):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()

    response = signed_in.put(
        f"/api/v1/attempts/{body['id']}/answers/{body['questions'][0]['id']}", json=payload
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_two_options_on_a_single_choice_question_is_400(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]

    response = put_answer(
        signed_in,
        body["id"],
        question["id"],
        [question["options"][0]["id"], question["options"][1]["id"]],
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_option"


def test_save_within_the_grace_is_accepted_and_after_it_refused_and_recorded(
    signed_in, now, candidate
):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    first, second = body["questions"][:2]
    deadline = now() + timedelta(minutes=10)

    now(deadline + timedelta(seconds=2))
    in_time = put_answer(signed_in, body["id"], first["id"], [first["options"][0]["id"]])
    now(deadline + timedelta(seconds=2, milliseconds=1))
    late = signed_in.put(
        f"/api/v1/attempts/{body['id']}/answers/{second['id']}",
        json={"option_ids": [second["options"][0]["id"]]},
        headers={"User-Agent": "Nokia-3310", "X-CSRFToken": signed_in.csrf_token()},
    )

    assert in_time.status_code == 200
    assert late.status_code == 409
    assert late.get_json()["error"]["code"] == "attempt_closed"
    event = db.session.scalar(
        select(AttemptEvent).where(AttemptEvent.kind == AttemptEventKind.LATE_SAVE)
    )
    assert (event.question_id, event.option_ids, event.user_agent) == (
        second["id"],
        [second["options"][0]["id"]],
        "Nokia-3310",
    )
    attempt = db.session.get(Attempt, body["id"])
    assert (attempt.status, attempt.score is not None) == (AttemptStatus.EXPIRED, True)
    assert [a.question_id for a in db.session.scalars(select(Answer))] == [first["id"]]


def test_every_accepted_save_is_logged_with_ip_and_browser(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]

    signed_in.put(
        f"/api/v1/attempts/{body['id']}/answers/{question['id']}",
        json={"option_ids": [question["options"][0]["id"]]},
        headers={"User-Agent": "Zalo/22", "X-CSRFToken": signed_in.csrf_token()},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )

    event = db.session.scalar(
        select(AttemptEvent).where(AttemptEvent.kind == AttemptEventKind.SAVE)
    )
    assert (event.ip, event.user_agent, event.question_id) == (
        "192.0.2.44",
        "Zalo/22",
        question["id"],
    )


# --- submit and result ----------------------------------------------------------------------


def test_submit_answers_the_score_and_a_repeat_the_same(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    for question in body["questions"][:3]:
        put_answer(signed_in, body["id"], question["id"], correct_ids(question["id"]))

    now(now() + timedelta(minutes=3, milliseconds=250))
    first = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})
    now(now() + timedelta(seconds=5))
    again = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})

    assert first.status_code == again.status_code == 200
    result = first.get_json()
    assert (
        result["status"],
        result["score"],
        result["max_score"],
        result["correct_count"],
        result["duration_ms"],
    ) == ("submitted", 3.0, 4.0, 3, 180_250)
    assert again.get_json() == result


def test_prediction_is_required_then_locked(signed_in, now, candidate):
    round_ = ready_round(
        candidate, max_attempts=2, prediction_question="Có bao nhiêu người đạt điểm tuyệt đối?"
    )
    first = start(signed_in, round_).get_json()

    missing = signed_in.post(f"/api/v1/attempts/{first['id']}/submit", json={})
    done = signed_in.post(f"/api/v1/attempts/{first['id']}/submit", json={"prediction": 250})
    second = start(signed_in, round_).get_json()
    changed = signed_in.post(f"/api/v1/attempts/{second['id']}/submit", json={"prediction": 300})
    reused = signed_in.post(f"/api/v1/attempts/{second['id']}/submit", json={})

    assert missing.status_code == 400
    assert "prediction" in missing.get_json()["error"]["details"]["fields"]
    assert done.get_json()["prediction"] == 250
    assert changed.status_code == 409
    assert changed.get_json()["error"]["code"] == "prediction_locked"
    assert (reused.status_code, reused.get_json()["prediction"]) == (200, 250)


def test_result_before_the_end_is_409(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()

    response = signed_in.get(f"/api/v1/attempts/{body['id']}/result")

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "attempt_in_progress"


def test_unsubmitted_attempt_is_final_and_scored_after_its_deadline(signed_in, now, candidate):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]
    put_answer(signed_in, body["id"], question["id"], correct_ids(question["id"]))

    now(now() + timedelta(minutes=11))
    attempt = signed_in.get(f"/api/v1/attempts/{body['id']}").get_json()
    result = signed_in.get(f"/api/v1/attempts/{body['id']}/result").get_json()

    assert attempt["status"] == "expired"
    assert (result["status"], result["score"], result["duration_ms"]) == ("expired", 1.0, 600_000)


def test_review_after_close_shows_the_key_explanation_and_legal_basis(signed_in, now, candidate):
    round_ = ready_round(candidate, review_policy="after_close", leaderboard_visibility="judges")
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]
    put_answer(signed_in, body["id"], question["id"], correct_ids(question["id"]))
    signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})

    before = signed_in.get(f"/api/v1/attempts/{body['id']}/result").get_json()
    now(round_.closes_at + timedelta(seconds=1))
    after = signed_in.get(f"/api/v1/attempts/{body['id']}/result").get_json()

    assert "review" not in before
    assert "rank" not in after  # the leaderboard is for judges only
    item = after["review"][0]
    assert (item["question_id"], item["chosen"], item["correct"], item["is_correct"]) == (
        question["id"],
        correct_ids(question["id"]),
        correct_ids(question["id"]),
        True,
    )
    assert item["legal_basis"].startswith("Điều ")
    assert item["explanation"].startswith("Giải thích")
    assert after["review"][1]["is_correct"] is False


def test_score_only_policy_shows_score_and_never_the_review(signed_in, now, candidate):
    round_ = ready_round(candidate, review_policy="score_only")
    body = start(signed_in, round_).get_json()
    signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})
    now(round_.closes_at + timedelta(days=1))

    result = signed_in.get(f"/api/v1/attempts/{body['id']}/result").get_json()

    assert result["score"] == 0.0
    assert "review" not in result


def test_never_policy_hides_the_score_in_submit_and_result(signed_in, now, candidate):
    round_ = ready_round(candidate, review_policy="never")
    body = start(signed_in, round_).get_json()

    submitted = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={}).get_json()

    assert (submitted["status"], submitted["score"], submitted["correct_count"]) == (
        "submitted",
        None,
        None,
    )
    assert "review" not in submitted


def test_rank_is_shown_when_the_leaderboard_is_visible(signed_in, now, candidate):
    round_ = ready_round(candidate, leaderboard_visibility="candidates")
    body = start(signed_in, round_).get_json()

    result = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={}).get_json()

    assert result["rank"] == 1


def test_my_attempts_are_listed_newest_first(signed_in, now, candidate):
    round_ = ready_round(candidate, max_attempts=2)
    first = start(signed_in, round_).get_json()
    signed_in.post(f"/api/v1/attempts/{first['id']}/submit", json={})
    now(now() + timedelta(minutes=1))
    second = start(signed_in, round_).get_json()

    listing = signed_in.get("/api/v1/me/attempts?per_page=1").get_json()

    assert (listing["total"], listing["page"], listing["per_page"]) == (2, 1, 1)
    assert [(i["id"], i["status"]) for i in listing["items"]] == [(second["id"], "in_progress")]


# --- no answer key before the end ---------------------------------------------------------------


def test_no_payload_hints_at_the_correct_option_before_the_attempt_is_final(
    signed_in, now, candidate, monkeypatch
):
    monkeypatch.setattr("contest.attempts.start.new_seed", lambda: 20261127)
    round_ = ready_round(candidate, questions=12, shuffle_options=True)
    started = start(signed_in, round_).get_json()
    question = started["questions"][0]
    saved = put_answer(
        signed_in, started["id"], question["id"], [question["options"][0]["id"]]
    ).get_json()
    fetched = signed_in.get(f"/api/v1/attempts/{started['id']}").get_json()
    resumed = start(signed_in, round_).get_json()

    for payload in (started, saved, fetched, resumed):
        assert_no_key_leak(payload)
    positions = {
        [o["id"] for o in q["options"]].index(correct_ids(q["id"])[0]) for q in fetched["questions"]
    }
    assert len(positions) > 1, "the correct option must not always sit at the same place"


def test_option_order_does_not_follow_the_bank_when_shuffled(
    signed_in, now, candidate, monkeypatch
):
    monkeypatch.setattr("contest.attempts.start.new_seed", lambda: 7)
    round_ = ready_round(candidate, questions=12, shuffle_options=True)
    body = start(signed_in, round_).get_json()

    bank_orders = 0
    for q in body["questions"]:
        question = db.session.get(Question, q["id"])
        bank_orders += [o["id"] for o in q["options"]] == [o.id for o in question.current.options]
    assert bank_orders < len(body["questions"])


# --- one candidate, one's own attempts ---------------------------------------------------------


def test_another_candidates_attempt_is_not_found_everywhere(
    app, signed_in, now, candidate, make_user, auth
):
    round_ = ready_round(candidate)
    body = start(signed_in, round_).get_json()
    question = body["questions"][0]
    put_answer(signed_in, body["id"], question["id"], [question["options"][0]["id"]])
    intruder = make_user()
    other = app.test_client()
    type(auth)(other).login(intruder)

    responses = [
        other.get(f"/api/v1/attempts/{body['id']}"),
        other.put(
            f"/api/v1/attempts/{body['id']}/answers/{question['id']}",
            json={"option_ids": [question["options"][1]["id"]]},
        ),
        other.post(f"/api/v1/attempts/{body['id']}/submit", json={}),
        other.get(f"/api/v1/attempts/{body['id']}/result"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert {r.get_json()["error"]["code"] for r in responses} == {"not_found"}
    assert db.session.scalar(select(Answer.option_ids)) == [question["options"][0]["id"]]
    assert db.session.get(Attempt, body["id"]).status == AttemptStatus.IN_PROGRESS


# --- concurrency (PostgreSQL) -------------------------------------------------------------------


def signed_in_client(app, auth, user):
    client = app.test_client()
    type(auth)(client).login(user)
    return client


@pytest.mark.postgres_only
@postgres_only
def test_two_simultaneous_starts_create_one_attempt(
    app, now, candidate, make_user, auth, monkeypatch
):
    round_ = ready_round(candidate)
    warm = make_user()
    gen_participation(round_.contest, warm)
    db.session.commit()
    signed_in_client(app, auth, warm).post(f"/api/v1/rounds/{round_.id}/attempts")  # pool captured
    tabs = [signed_in_client(app, auth, candidate) for _ in range(2)]
    both_checked = threading.Barrier(2, timeout=10)

    def racing_new_attempt(*args):
        both_checked.wait()  # both requests saw no attempt in progress: now both insert one
        return _new_attempt(*args)

    monkeypatch.setattr("contest.attempts.start._new_attempt", racing_new_attempt)
    url = f"/api/v1/rounds/{round_.id}/attempts"
    db.session.commit()

    responses = concurrently(app, [lambda c=c: c.post(url) for c in tabs])

    assert sorted(r.status_code for r in responses) == [200, 201]
    assert len({r.get_json()["id"] for r in responses}) == 1
    db.session.expire_all()
    mine = db.session.scalars(select(Attempt).where(Attempt.user_id == candidate.id)).all()
    assert [(a.number, a.status) for a in mine] == [(1, AttemptStatus.IN_PROGRESS)]


@pytest.mark.postgres_only
@postgres_only
def test_simultaneous_first_starts_capture_the_pool_once(app, now, make_user, auth, monkeypatch):
    users = [make_user(), make_user()]
    round_ = gen_open_round(questions=2, pool=6)
    for user in users:
        gen_participation(round_.contest, user)
    db.session.commit()
    clients = [signed_in_client(app, auth, user) for user in users]
    both_saw_no_pool = threading.Barrier(2, timeout=10)
    captures = []

    def racing_capture(*args):
        both_saw_no_pool.wait()
        return _capture_pool(*args)

    def counted_pool(round_):
        captures.append(round_.id)
        return round_pool(round_)

    monkeypatch.setattr("contest.attempts.start._capture_pool", racing_capture)
    monkeypatch.setattr("contest.attempts.start.round_pool", counted_pool)
    round_id, url = round_.id, f"/api/v1/rounds/{round_.id}/attempts"
    db.session.commit()

    responses = concurrently(app, [lambda c=c: c.post(url) for c in clients])

    assert [r.status_code for r in responses] == [201, 201]
    assert captures == [round_id]
    db.session.expire_all()
    snapshot = db.session.get(Round, round_id).pool_snapshot
    pooled = {qid for ids in snapshot.values() for qid in ids}
    drawn = {q["id"] for r in responses for q in r.get_json()["questions"]}
    assert drawn <= pooled


# --- fill-in questions ----------------------------------------------------------------------------


def fill_in_started(signed_in, candidate, **settings):
    round_ = fill_in_round(**settings)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    body = start(signed_in, round_).get_json()
    choice, fill_in = body["questions"]
    return round_, body, choice, fill_in


def test_a_fill_in_question_is_shown_without_options_or_any_hint_of_its_answers(
    signed_in, now, candidate
):
    _round, body, _choice, fill_in = fill_in_started(signed_in, candidate)
    assert (fill_in["type"], fill_in["options"], fill_in["points"]) == ("fill_in", [], 2.0)
    assert_no_key_leak(body)
    assert "Quốc hội" not in str(body)
    assert "accepted_answers" not in str(body)


def test_a_typed_answer_is_saved_and_resumed(signed_in, now, candidate):
    _round, body, _choice, fill_in = fill_in_started(signed_in, candidate)
    url = f"/api/v1/attempts/{body['id']}/answers/{fill_in['id']}"
    saved = signed_in.put(url, json={"text": " quoc  hoi ", "seq": 5})
    assert saved.status_code == 200
    assert (saved.get_json()["text"], saved.get_json()["option_ids"]) == ("quoc hoi", [])
    again = signed_in.get(f"/api/v1/attempts/{body['id']}").get_json()
    assert (again["texts"], again["answers"]) == ({str(fill_in["id"]): "quoc hoi"}, {})
    assert "Quốc hội" not in str(again)
    cleared = signed_in.put(url, json={"text": "", "seq": 6})
    assert cleared.get_json()["text"] is None


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"option_ids": [1]}, "invalid_answer"),
        ({"text": "x" * 201}, "invalid_input"),
        ({"text": 12}, "invalid_input"),
        ({}, "invalid_input"),
    ],
)
def test_a_bad_fill_in_answer_is_400(signed_in, now, candidate, payload, code):
    _round, body, _choice, fill_in = fill_in_started(signed_in, candidate)
    response = signed_in.put(f"/api/v1/attempts/{body['id']}/answers/{fill_in['id']}", json=payload)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_text_for_a_choice_question_is_400_invalid_option(signed_in, now, candidate):
    _round, body, choice, _fill_in = fill_in_started(signed_in, candidate)
    response = signed_in.put(
        f"/api/v1/attempts/{body['id']}/answers/{choice['id']}", json={"text": "A"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_option"


def test_a_fill_in_answer_is_scored_and_reviewed_in_the_result(signed_in, now, candidate):
    round_, body, choice, fill_in = fill_in_started(
        signed_in, candidate, review_policy="after_close"
    )
    signed_in.put(
        f"/api/v1/attempts/{body['id']}/answers/{fill_in['id']}", json={"text": "QUOC HOI"}
    )
    put_answer(signed_in, body["id"], choice["id"], correct_ids(choice["id"]))
    submitted = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={}).get_json()
    assert (submitted["score"], submitted["max_score"], submitted["correct_count"]) == (3, 3, 2)
    now(round_.closes_at + timedelta(seconds=1))
    review = signed_in.get(f"/api/v1/attempts/{body['id']}/result").get_json()["review"]
    typed = next(item for item in review if item["question_id"] == fill_in["id"])
    assert (typed["type"], typed["answer_text"], typed["is_correct"]) == (
        "fill_in",
        "QUOC HOI",
        True,
    )
    assert typed["accepted_answers"] == ["Quốc hội", "Quốc hội Việt Nam"]
    assert (typed["points"], typed["max_points"], typed["options"]) == (2.0, 2.0, [])


def test_one_address_has_a_generous_ceiling_on_starts_and_other_addresses_are_apart(
    app, client, make_user, now, monkeypatch
):
    monkeypatch.setitem(app.config, "LIMIT_START_ADDRESS", "2/minute")
    pupils = [make_user() for _ in range(3)]
    round_ = ready_round(pupils[0])
    for pupil in pupils[1:]:
        gen_participation(round_.contest, pupil)
    bearers = {p.id: {"Authorization": f"Bearer {create_token(p, 'lớp 9A')[1]}"} for p in pupils}
    db.session.commit()

    def start_from(pupil, address: str):
        return client.post(
            f"/api/v1/rounds/{round_.id}/attempts",
            headers=bearers[pupil.id],
            environ_base={"REMOTE_ADDR": address},
        )

    school, home = "198.51.100.7", "203.0.113.20"
    assert [start_from(p, school).status_code for p in pupils] == [201, 201, 429]
    refused = start_from(pupils[2], school)
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert refused.headers["Retry-After"]
    assert start_from(pupils[2], home).status_code == 201
