"""The candidate's home: their rounds and the history of their attempts, a month signed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contest.core.extensions import db
from tests.contest.attempts.pages import page, start_page
from tests.factories.rounds import gen_open_round, gen_participation


def test_candidate_home_lists_my_rounds_and_history_with_links(signed_in, now, candidate):
    round_ = gen_open_round(questions=1, max_attempts=2)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    first, _ = start_page(signed_in, round_)
    signed_in.post(f"/attempts/{first.id}/submit", data={})
    second, _ = start_page(signed_in, round_)

    html = page(signed_in.get("/me/"))

    assert round_.name in html
    assert f'href="/attempts/{first.id}/result">Xem kết quả' in html
    assert f'href="/attempts/{second.id}">Tiếp tục làm bài' in html
    assert "Đã nộp bài" in html
    assert "Đang làm bài" in html


def test_session_and_remember_cookies_last_thirty_days(signed_in):
    session_cookie = signed_in.get_cookie("session")
    remember = signed_in.get_cookie("remember_token")
    in_29_days = datetime.now(UTC) + timedelta(days=29)

    assert session_cookie.expires.replace(tzinfo=UTC) > in_29_days
    assert remember is not None
    assert remember.expires.replace(tzinfo=UTC) > in_29_days


def test_signed_in_candidate_stays_signed_in_without_the_session_cookie(signed_in, now, candidate):
    signed_in.delete_cookie("session")

    response = signed_in.get("/me/")

    assert response.status_code == 200
    assert candidate.full_name in response.get_data(as_text=True)
