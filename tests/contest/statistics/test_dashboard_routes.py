"""The round dashboard, as a page and on the API: for staff only, with live figures."""

from __future__ import annotations

from datetime import UTC, datetime

from contest.core.extensions import db
from tests.contest.readers import page_text
from tests.factories.attempts import gen_first_start
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


def test_dashboard_page_shows_the_figures(client, demo, organizer, make_user):
    round_ = demo.rounds[0]
    gen_first_start(round_, make_user(), NOW)
    db.session.commit()

    page = page_text(client.get(f"/organizer/contests/rounds/{round_.id}/dashboard"))

    assert "đang làm bài" in page
    assert "Tham gia theo cơ quan, đơn vị" in page
    assert "(chưa khai báo)" in page
