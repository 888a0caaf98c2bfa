"""Public winners: once results are published and the list locked, masked as on the board."""

from __future__ import annotations

from contest.core.extensions import db
from tests.contest.readers import html_of
from tests.factories.rounds import CLOSES
from tests.factories.scenes import gen_locked_list


def test_round_winners_show_masked_names_once_results_are_published(client, make_user, now):
    round_, users, _result = gen_locked_list(make_user)
    before = html_of(client, f"/rounds/{round_.id}/winners")
    round_.results_published_at = CLOSES
    db.session.commit()

    page = html_of(client, f"/rounds/{round_.id}/winners")

    assert "Kết quả tuần thi chưa được công bố." in before
    assert "Giải nhất" in page
    assert "T.S.1" in page
    assert "Thí sinh 1" not in page


def test_contest_winners_list_each_published_round(client, make_user, now):
    round_, _users, _result = gen_locked_list(make_user)
    round_.results_published_at = CLOSES
    db.session.commit()

    page = html_of(client, f"/contests/{round_.contest.slug}/winners")

    assert round_.name in page
    assert "T.S.1" in page


def test_winners_follow_the_boards_visibility(client, make_user, now):
    round_, _users, _result = gen_locked_list(make_user)
    round_.results_published_at = CLOSES
    round_.leaderboard_visibility = "judges"
    db.session.commit()

    assert client.get(f"/rounds/{round_.id}/winners").status_code == 401
    assert "T.S.1" not in html_of(client, f"/contests/{round_.contest.slug}/winners")
