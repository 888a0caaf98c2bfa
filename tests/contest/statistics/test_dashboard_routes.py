"""The round dashboard, as a page and on the API: for staff only, with live figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest.attempts.models import Attempt
from contest.core.extensions import db
from contest.rounds.models import Contest, Round
from tests.factories.rounds import gen_contest, gen_open_round

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_dashboard_is_for_staff(client, auth, make_user):
    round_ = gen_open_round(gen_contest(), questions=0)

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
