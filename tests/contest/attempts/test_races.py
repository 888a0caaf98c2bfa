"""Races of the attempt path, on the running clock, on every engine (the test's SQLite file, or
PostgreSQL with TEST_DATABASE_URL): real threads, each request in its own app context.

Saves racing a submit (or the deadline): a save acknowledged with 200 is stored and counted, and
it was saved no later than the attempt closed; a score is always a recount of the stored answers.
Two tabs starting at once make one attempt.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import select

from contest.accounts import tokens
from contest.attempts.models import Answer, Attempt, AttemptStatus
from contest.core.extensions import db, limiter
from questions.models import Question
from tests.factories.rounds import gen_open_round, gen_participation

ROUNDS = 8
SAVERS = 4  # one thread per question, each saving it again and again
MAX_SAVES = 20_000  # per saver: a safety stop if the attempt never closes


def bearer(user) -> dict:
    _token, raw = tokens.create_token(user, "race")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def in_threads(calls) -> list:
    """Run the calls in threads at once and return their results (an exception fails the test)."""
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def started_paper(app, make_user, **settings):
    user = make_user()
    round_ = gen_open_round(questions=SAVERS, **settings)
    gen_participation(round_.contest, user)
    headers = bearer(user)
    response = app.test_client().post(f"/api/v1/rounds/{round_.id}/attempts", headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json(), headers


def saver(app, paper, question, headers, acknowledged, enough):
    """Save this question's options in turn until refused; the 200s are (options, saved_at)."""

    def run():
        client, refused = app.test_client(), []
        url = f"/api/v1/attempts/{paper['id']}/answers/{question['id']}"
        for n in range(MAX_SAVES):
            option = question["options"][n % len(question["options"])]["id"]
            response = client.put(url, json={"option_ids": [option]}, headers=headers)
            if response.status_code != 200:
                refused.append((response.status_code, response.get_json()["error"]["code"]))
                break
            body = response.get_json()
            acknowledged.append((body["option_ids"], datetime.fromisoformat(body["saved_at"])))
            if len(acknowledged) == 2:
                enough.wait()  # two saves in: let the submit go, and keep saving
        return refused

    return run


def poster(app, url, headers, barrier, **kwargs):
    """A POST sent once every party of the barrier is ready."""

    def run():
        barrier.wait()
        return app.test_client().post(url, headers=headers, **kwargs)

    return run


def stored(attempt_id: int) -> dict[int, list[int]]:
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_ids).where(Answer.attempt_id == attempt_id)
    )
    return {question_id: option_ids for question_id, option_ids in rows}


def recount(answers: dict[int, list[int]]) -> int:
    """One point per question whose stored choice is its correct option (the round's rules)."""
    right = 0
    for question_id, option_ids in answers.items():
        question = db.session.get(Question, question_id)
        key = sorted(o.id for o in question.current.options if o.is_correct)
        right += sorted(option_ids) == key
    return right


def assert_consistent(paper, acknowledged, refusals, closed_at_name):
    db.session.rollback()  # read after the threads, not in a snapshot taken before them
    attempt = db.session.get(Attempt, paper["id"])
    closed_at = getattr(attempt, closed_at_name) if closed_at_name else attempt.finalized_at
    answers = stored(attempt.id)
    assert any(acknowledged), "saves were acknowledged before the attempt closed"
    for question, acks in zip(paper["questions"], acknowledged, strict=True):
        # The last acknowledged save is stored; a question whose saves were all refused has none.
        assert answers.get(question["id"]) == (acks[-1][0] if acks else None)
        assert all(saved_at <= closed_at for _options, saved_at in acks)
    assert all(refused == [(409, "attempt_closed")] for refused in refusals), refusals
    assert attempt.score == recount(answers)
    return attempt


@pytest.fixture(autouse=True)
def _no_rate_limits(monkeypatch):
    """Savers here save as fast as they can until refused: the limits are not what is tested."""
    monkeypatch.setattr(limiter, "enabled", False)


def test_saves_racing_a_submit_are_stored_before_it_and_scored(app, make_user):
    for _round in range(ROUNDS):
        paper, headers = started_paper(app, make_user)
        acknowledged = [[] for _ in paper["questions"]]
        enough = threading.Barrier(SAVERS + 1, timeout=30)
        submit = poster(app, f"/api/v1/attempts/{paper['id']}/submit", headers, enough, json={})
        savers = [
            saver(app, paper, question, headers, acks, enough)
            for question, acks in zip(paper["questions"], acknowledged, strict=True)
        ]
        *refusals, submitted = in_threads([*savers, submit])

        assert submitted.status_code == 200, submitted.get_json()
        attempt = assert_consistent(paper, acknowledged, refusals, "submitted_at")
        assert attempt.status == AttemptStatus.SUBMITTED
        assert submitted.get_json()["score"] == attempt.score


def test_saves_racing_the_deadline_are_stored_before_it_and_scored(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "ANSWER_GRACE_SECONDS", 0)
    for _round in range(2):
        paper, headers = started_paper(app, make_user, time_limit_seconds=2)
        acknowledged = [[] for _ in paper["questions"]]
        no_wait = threading.Barrier(1)
        savers = [
            saver(app, paper, question, headers, acks, no_wait)
            for question, acks in zip(paper["questions"], acknowledged, strict=True)
        ]
        refusals = in_threads(savers)

        attempt = assert_consistent(paper, acknowledged, refusals, "deadline")
        assert attempt.status == AttemptStatus.EXPIRED


def test_two_tabs_starting_at_once_make_one_attempt(app, make_user):
    for _round in range(ROUNDS):
        user = make_user()
        round_ = gen_open_round(questions=2)
        gen_participation(round_.contest, user)
        headers, url = bearer(user), f"/api/v1/rounds/{round_.id}/attempts"
        tab = poster(app, url, headers, threading.Barrier(2, timeout=30))

        responses = in_threads([tab, tab])

        assert sorted(r.status_code for r in responses) == [200, 201]
        assert len({r.get_json()["id"] for r in responses}) == 1
        db.session.rollback()  # read after the threads, not in a snapshot taken before them
        mine = db.session.scalars(select(Attempt).where(Attempt.user_id == user.id)).all()
        assert [(a.number, a.status) for a in mine] == [(1, AttemptStatus.IN_PROGRESS)]
