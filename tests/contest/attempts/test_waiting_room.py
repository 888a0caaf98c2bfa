"""The waiting room: beyond the worker's start capacity a start waits its turn, never an error.

Each test holds a real start open in a thread (inside its draw, holding the database's write
lock on SQLite) and sends another start meanwhile.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.attempts import start as start_module
from contest.attempts.models import Attempt
from contest.core.clock import utcnow
from contest.core.extensions import db
from tests.factories.rounds import gen_open_round, gen_participation


@pytest.fixture
def capacity_one(app, monkeypatch):
    monkeypatch.setitem(app.extensions, "start_gate", threading.BoundedSemaphore(1))


def signed_in_as(app, auth, user):
    client = app.test_client()
    type(auth)(client).login(user)
    return client


@contextmanager
def held_start(app, auth, make_user, round_, monkeypatch):
    """Another candidate's start, held inside its draw until the block ends."""
    user = make_user()
    gen_participation(round_.contest, user)
    db.session.commit()
    client = signed_in_as(app, auth, user)
    inside, release = threading.Event(), threading.Event()
    draw = start_module._new_attempt

    def held(*args):
        inside.set()
        assert release.wait(timeout=30)
        return draw(*args)

    monkeypatch.setattr(start_module, "_new_attempt", held)
    url = f"/api/v1/rounds/{round_.id}/attempts"
    thread = threading.Thread(target=lambda: client.post(url))
    thread.start()
    assert inside.wait(timeout=30)
    try:
        yield
    finally:
        release.set()
        thread.join(timeout=30)
        monkeypatch.setattr(start_module, "_new_attempt", draw)


def attempts_of(user_id: int) -> list[Attempt]:
    db.session.rollback()  # read after the other threads
    return db.session.scalars(select(Attempt).where(Attempt.user_id == user_id)).all()


def open_round(candidate):
    round_ = gen_open_round(questions=2)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    return round_


def start_page_url(round_) -> str:
    return f"/contests/{round_.contest.slug}/rounds/{round_.id}/start"


def test_a_start_beyond_capacity_gets_a_page_that_enters_by_itself(
    app, auth, make_user, signed_in, candidate, capacity_one, monkeypatch
):
    round_ = open_round(candidate)
    url, candidate_id = start_page_url(round_), candidate.id

    with held_start(app, auth, make_user, round_, monkeypatch):
        queued = signed_in.post(url)

    page = queued.get_data(as_text=True)
    assert queued.status_code == 200
    seconds = int(queued.headers["Retry-After"])
    assert f"Đang xếp hàng — tự động vào thi sau {seconds} giây" in page
    refresh = re.search(r'<meta http-equiv="refresh" content="(\d+); url=([^"]+)">', page)
    assert refresh is not None
    assert int(refresh.group(1)) == seconds
    assert "<script" not in page.split("</head>")[0]
    assert attempts_of(candidate_id) == []

    entered = signed_in.get(refresh.group(2).replace("&amp;", "&"))

    assert entered.status_code == 302
    mine = attempts_of(candidate_id)
    assert len(mine) == 1
    assert entered.headers["Location"].endswith(f"/attempts/{mine[0].id}")


def test_a_start_on_the_api_beyond_capacity_is_429_queued_with_retry_after(
    app, auth, make_user, signed_in, candidate, capacity_one, monkeypatch
):
    round_ = open_round(candidate)
    url, candidate_id = f"/api/v1/rounds/{round_.id}/attempts", candidate.id

    with held_start(app, auth, make_user, round_, monkeypatch):
        queued = signed_in.post(url)

    error = queued.get_json()["error"]
    assert queued.status_code == 429
    assert error["code"] == "queued"
    assert int(queued.headers["Retry-After"]) == error["details"]["retry_after_seconds"] >= 1
    assert attempts_of(candidate_id) == []
    assert signed_in.post(url).status_code == 201


def test_the_retry_needs_the_ticket_of_this_candidate_and_round(
    app, auth, make_user, signed_in, candidate, capacity_one, monkeypatch
):
    round_ = open_round(candidate)
    other = make_user()
    gen_participation(round_.contest, other)
    db.session.commit()
    other_client, other_id = signed_in_as(app, auth, other), other.id
    with held_start(app, auth, make_user, round_, monkeypatch):
        page = signed_in.post(start_page_url(round_)).get_data(as_text=True)
    target = re.search(r'url=([^"]+)">', page).group(1).replace("&amp;", "&")

    forged = other_client.get(target)
    unsigned = signed_in.get(target.split("?")[0] + "?ticket=x")

    assert forged.status_code == unsigned.status_code == 302
    assert forged.headers["Location"].endswith("#rounds")
    assert attempts_of(other_id) == []
    assert attempts_of(candidate.id) == []


def test_a_refused_start_frees_its_place(signed_in, candidate, capacity_one):
    later = utcnow() + timedelta(days=1)
    closed = gen_open_round(questions=2, opens_at=later, closes_at=later + timedelta(days=1))
    gen_participation(closed.contest, candidate)
    round_ = open_round(candidate)

    refused = signed_in.post(f"/api/v1/rounds/{closed.id}/attempts")
    started = signed_in.post(f"/api/v1/rounds/{round_.id}/attempts")

    assert refused.status_code == 409
    assert started.status_code == 201
