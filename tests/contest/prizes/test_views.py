"""Prize pages: tiers and approvals by form, exclusions with a reason, the checksum shown."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from contest.prizes.models import PrizeResult
from tests.contest.readers import html_of
from tests.factories.scenes import gen_first_week_board, gen_locked_export_round


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_prizes_by_form_two_judges_lock_and_show_the_checksum(client, auth, board, make_user):
    round_, an, *_ = board
    first, second = make_user("judge"), make_user("judge")
    auth.login(first)

    client.post(
        f"/results/rounds/{round_.id}/prizes",
        data={"tiers": "Giải nhất; 1\nGiải nhì; 2", "one_prize_per_person": "y"},
    )
    result = db.session.query(PrizeResult).one()
    html = html_of(client, f"/results/rounds/{round_.id}/prizes")
    assert "Giải nhì" in html
    assert "Trần Thị Bình" in html
    assert result.proposal_sha256 in html

    client.post(f"/results/prize-results/{result.id}/approve", data={})
    assert "cần một thành viên khác" in html_of(client, f"/results/rounds/{round_.id}/prizes")
    auth.logout()
    auth.login(second)
    client.post(f"/results/prize-results/{result.id}/approve", data={})

    result = db.session.get(PrizeResult, result.id)
    html = html_of(client, f"/results/rounds/{round_.id}/prizes")
    assert result.is_locked
    assert result.sha256 in html
    assert "Danh sách giải đã khóa" in html


def test_exclusion_by_form_needs_a_reason(client, auth, board, make_user):
    round_, an, *_ = board
    auth.login(make_user("judge"))
    client.post(f"/results/rounds/{round_.id}/prizes", data={"tiers": "Giải nhất; 1"})
    result = db.session.query(PrizeResult).one()

    client.post(
        f"/results/prize-results/{result.id}/exclude", data={"user_id": an.id, "reason": "ngắn"}
    )
    assert not db.session.get(PrizeResult, result.id).exclusions
    client.post(
        f"/results/prize-results/{result.id}/exclude",
        data={"user_id": an.id, "reason": "Sử dụng hai tài khoản để dự thi"},
    )

    html = html_of(client, f"/results/rounds/{round_.id}/prizes")
    assert "Sử dụng hai tài khoản để dự thi" in html
    assert [a.full_name for a in db.session.get(PrizeResult, result.id).awards][
        0
    ] == "Trần Thị Bình"


def test_bad_tier_lines_are_reported(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    response = client.post(
        f"/results/rounds/{round_.id}/prizes", data={"tiers": "Giải nhất"}, follow_redirects=True
    )

    assert "Dòng 1" in response.get_data(as_text=True)
    assert db.session.query(PrizeResult).count() == 0


def test_contest_prize_page_offers_the_tiers_form(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    assert "Cơ cấu giải" in html_of(client, f"/results/contests/{round_.contest_id}/prizes")


@pytest.fixture
def locked(app, now, make_user):
    return gen_locked_export_round(make_user)


def test_prize_page_shows_the_same_checksum(client, auth, locked, make_user):
    round_, result = locked
    auth.login(make_user("judge"))

    page = client.get(f"/results/rounds/{round_.id}/prizes").get_data(as_text=True)

    assert result.sha256 in page
