"""Statistics pages: items and regrading, charts drawn as inline SVG, the units ranking."""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.contest.readers import html_of
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question, gen_version
from tests.factories.rounds import gen_round
from tests.factories.scenes import gen_first_week_board


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_items_page_and_regrade_dry_run_then_apply(client, auth, app, now, make_user):
    round_ = gen_round()
    q = gen_question(correct=0)
    attempt = gen_attempt(round_, gen_candidate("Phạm Thị Dung"), score=0, correct_count=0)
    gen_attempt_question(attempt, q, 1)
    gen_answer(attempt, q, 1)
    db.session.commit()
    auth.login(make_user("organizer"))

    assert "cần xem lại" in html_of(client, f"/results/rounds/{round_.id}/items")
    gen_version(q, correct=1)
    db.session.commit()
    dry = client.post(f"/results/rounds/{round_.id}/regrade", data={"question_id": q.id}).get_data(
        as_text=True
    )
    assert "Chạy thử" in dry
    assert "Phạm Thị Dung" in dry
    applied = client.post(
        f"/results/rounds/{round_.id}/regrade", data={"question_id": q.id, "apply": "y"}
    ).get_data(as_text=True)

    assert "Đã áp dụng" in applied
    from contest.attempts.models import Attempt

    assert db.session.get(Attempt, attempt.id).score == 1


def test_statistics_page_draws_inline_svg(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("organizer"))

    html = html_of(client, f"/results/rounds/{round_.id}/statistics")

    assert html.count("<svg") == 2
    assert "<script" not in html.split("</footer>")[0]


def test_units_page_ranks_localities(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    assert "Xã Bình An" in html_of(client, f"/results/rounds/{round_.id}/units?kind=locality")
