"""The exports page: links to stream each list now, and a form that queues a job."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from contest.jobs.models import ExportJob
from tests.contest.readers import html_of
from tests.factories.scenes import gen_first_week_board


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_exports_page_queues_a_background_job(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("organizer"))

    html = html_of(client, f"/results/rounds/{round_.id}/exports")
    client.post(f"/results/rounds/{round_.id}/exports", data={"kind": "attempts", "fmt": "xlsx"})

    assert f"/api/v1/rounds/{round_.id}/export.xlsx?kind=leaderboard" in html
    assert db.session.query(ExportJob).one().kind == "attempts"
