"""Leaderboard pages: the judges' full board and the contest's, the public board and its
masks, the embeddable widget's headers."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshotState
from contest.rounds.models import Visibility
from tests.contest.readers import html_of
from tests.factories.scenes import gen_first_week_board


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_judge_leaderboard_shows_full_data_and_flags_ties(client, auth, board, make_user):
    round_, an, binh, _ = board
    auth.login(make_user("judge"))

    html = html_of(client, f"/results/rounds/{round_.id}")

    assert "Nguyễn Văn An" in html
    assert an.id_number in html
    assert binh.phone in html
    assert html.count('class="tied"') == 2
    assert "đồng hạng" in html
    assert (
        "điểm cao hơn xếp trên; nếu vẫn bằng nhau, thời gian làm bài ngắn hơn xếp trên; "
        "nếu vẫn bằng nhau, dự đoán sát hơn xếp trên; nếu vẫn bằng nhau, nộp bài sớm hơn xếp trên"
    ) in html


def test_candidates_cannot_open_judge_pages(client, auth, board):
    round_, an, *_ = board
    auth.login(an)
    assert client.get(f"/results/rounds/{round_.id}").status_code == 403
    assert client.get("/judge/").status_code == 403


def test_public_leaderboard_page_masks_others_and_shows_my_rank(client, auth, board):
    round_, an, *_ = board

    anonymous = html_of(client, f"/rounds/{round_.id}/leaderboard")
    auth.login(an)
    mine = html_of(client, f"/rounds/{round_.id}/leaderboard")

    assert "N.V.A — Xã Bình An" in anonymous
    assert "Nguyễn Văn An" not in anonymous
    assert "T.T.B — Xã Bình An" in anonymous
    assert "Trần Thị Bình" not in anonymous
    assert "Thứ hạng của bạn: 1" in mine
    assert "Nguyễn Văn An" in mine
    assert "Trần Thị Bình" not in mine


def test_a_board_rebuilt_for_a_page_is_kept(client, board):
    round_, *_ = board

    html_of(client, f"/rounds/{round_.id}/leaderboard")

    db.session.expire_all()
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)).row_count == 3


def test_public_leaderboard_page_respects_visibility(client, auth, board):
    round_, an, *_ = board
    round_.leaderboard_visibility = Visibility.JUDGES
    db.session.commit()
    auth.login(an)
    assert client.get(f"/rounds/{round_.id}/leaderboard").status_code == 403


def test_contest_page_lists_the_contest_ranking(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    assert "Nguyễn Văn An" in html_of(client, f"/results/contests/{round_.contest_id}")


def test_widget_page_may_be_framed_anywhere(client, board):
    round_, *_ = board

    response = client.get(f"/contests/{round_.contest.slug}/widget")

    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] != "DENY"
    html = response.get_data(as_text=True)
    assert "Tuần thi thứ nhất" in html
    assert "N.V.A — Xã Bình An" in html
    assert "Nguyễn Văn An" not in html


def test_other_pages_still_refuse_framing(client, board):
    round_, *_ = board

    response = client.get(f"/rounds/{round_.id}/leaderboard")

    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_public_contest_board_masks_names_and_follows_visibility(client, make_user, now):
    from tests.factories.scenes import gen_scored_board

    round_, _an, _binh, _cuong = gen_scored_board(make_user)

    page = html_of(client, f"/contests/{round_.contest.slug}/leaderboard")
    round_.leaderboard_visibility = "judges"
    db.session.commit()
    hidden = client.get(f"/contests/{round_.contest.slug}/leaderboard")

    assert "T.T.B — Xã Bình An" in page
    assert "Trần Thị Bình" not in page
    assert hidden.status_code == 401
