"""The judges' home: the rounds to verify, with links to their results pages."""

from __future__ import annotations

import pytest

from tests.contest.readers import html_of
from tests.factories.scenes import gen_first_week_board


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_judge_home_lists_rounds_with_links(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    html = html_of(client, "/judge/")

    assert "Tuần thi thứ nhất" in html
    assert f"/results/rounds/{round_.id}" in html
    assert f"/results/rounds/{round_.id}/prizes" in html
