"""The round dashboard, as a page and on the API: for staff only, with live figures."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest.attempts.models import Attempt
from contest.core.extensions import db
from contest.rounds.models import Contest, Round

_numbers = itertools.count(1)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def make_contest(status: str = "published") -> Contest:
    contest = Contest(slug=f"cuoc-thi-{next(_numbers)}", title="Cuộc thi", status=status)
    db.session.add(contest)
    db.session.commit()
    return contest


def make_round(contest: Contest, **fields) -> Round:
    values = {
        "name": "Tuần 1",
        "opens_at": NOW - timedelta(days=1),
        "closes_at": NOW + timedelta(days=6),
        "time_limit_seconds": 900,
    }
    round_ = Round(contest=contest, **{**values, **fields})
    db.session.add(round_)
    db.session.commit()
    return round_


def test_dashboard_is_for_staff(client, auth, make_user):
    round_ = make_round(make_contest())

    anonymous = client.get(f"/api/v1/rounds/{round_.id}/dashboard")
    auth.login(make_user("candidate"))
    candidate = client.get(f"/api/v1/rounds/{round_.id}/dashboard")
    auth.login(make_user("judge"))
    judge = client.get(f"/api/v1/rounds/{round_.id}/dashboard")

    assert (anonymous.status_code, candidate.status_code, judge.status_code) == (401, 403, 200)
    assert judge.get_json()["attempts"] == {
        "in_progress": 0,
        "submitted": 0,
        "expired": 0,
        "total": 0,
    }


@pytest.fixture
def demo(runner, now):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Contest).where(Contest.slug == "tim-hieu-phap-luat-2026"))


@pytest.fixture
def organizer(auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    return user


def text(response) -> str:
    return response.get_data(as_text=True)


def start_attempt(round_: Round, make_user) -> None:
    """What the attempt service leaves behind at a start: an attempt row, the round frozen."""
    round_.settings_frozen_at = NOW
    db.session.add(
        Attempt(
            round_id=round_.id,
            user_id=make_user().id,
            number=1,
            seed=5,
            started_at=NOW,
            deadline=NOW + timedelta(minutes=20),
        )
    )
    db.session.commit()


def test_dashboard_page_shows_the_figures(client, demo, organizer, make_user):
    round_ = demo.rounds[0]
    start_attempt(round_, make_user)

    page = text(client.get(f"/organizer/contests/rounds/{round_.id}/dashboard"))

    assert "đang làm bài" in page
    assert "Tham gia theo cơ quan, đơn vị" in page
    assert "(chưa khai báo)" in page
