"""Results pages: judge home, full and public leaderboards, prizes by form, integrity, record,
items and regrade, statistics charts, exports queue, and the embeddable widget's headers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.attempts.models import AttemptEvent, AttemptEventKind
from contest.core.extensions import db
from contest.jobs.models import ExportJob
from contest.prizes.models import PrizeResult
from contest.ranking.models import Board, RankSnapshotState
from contest.rounds.models import BlueprintItem, Visibility
from tests.contest.results_factories import (
    OPENS,
    answer,
    gen_attempt,
    gen_candidate,
    gen_org,
    gen_question,
    gen_round,
    new_version,
    show,
)

T0 = OPENS + timedelta(hours=2)


@pytest.fixture
def board(app, now, make_user):
    round_ = gen_round(name="Tuần thi thứ nhất")
    ward = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=ward.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=ward.id)
    cuong = gen_candidate("Lê Văn Cường")
    gen_attempt(round_, an, score=9, submitted_at=T0)
    gen_attempt(round_, binh, score=8, submitted_at=T0)
    gen_attempt(round_, cuong, score=8, submitted_at=T0)
    db.session.commit()
    return round_, an, binh, cuong


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def test_judge_home_lists_rounds_with_links(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    html = page(client, "/judge/")

    assert "Tuần thi thứ nhất" in html
    assert f"/results/rounds/{round_.id}" in html
    assert f"/results/rounds/{round_.id}/prizes" in html


def test_judge_leaderboard_shows_full_data_and_flags_ties(client, auth, board, make_user):
    round_, an, binh, _ = board
    auth.login(make_user("judge"))

    html = page(client, f"/results/rounds/{round_.id}")

    assert "Nguyễn Văn An" in html
    assert an.id_number in html
    assert binh.phone in html
    assert html.count('class="tied"') == 2
    assert "đồng hạng" in html
    assert "điểm ↓ → thời gian làm bài ↑ → sai số dự đoán ↑ → thời điểm nộp bài ↑" in html


def test_candidates_cannot_open_judge_pages(client, auth, board):
    round_, an, *_ = board
    auth.login(an)
    assert client.get(f"/results/rounds/{round_.id}").status_code == 403
    assert client.get("/judge/").status_code == 403


def test_public_leaderboard_page_masks_others_and_shows_my_rank(client, auth, board):
    round_, an, *_ = board

    anonymous = page(client, f"/rounds/{round_.id}/leaderboard")
    auth.login(an)
    mine = page(client, f"/rounds/{round_.id}/leaderboard")

    assert "N.V.A — Xã Bình An" in anonymous
    assert "Nguyễn Văn An" not in anonymous
    assert "T.T.B — Xã Bình An" in anonymous
    assert "Trần Thị Bình" not in anonymous
    assert "Thứ hạng của bạn: 1" in mine
    assert "Nguyễn Văn An" in mine
    assert "Trần Thị Bình" not in mine


def test_a_board_rebuilt_for_a_page_is_kept(client, board):
    round_, *_ = board

    page(client, f"/rounds/{round_.id}/leaderboard")

    db.session.expire_all()
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)).row_count == 3


def test_public_leaderboard_page_respects_visibility(client, auth, board):
    round_, an, *_ = board
    round_.leaderboard_visibility = Visibility.JUDGES
    db.session.commit()
    auth.login(an)
    assert client.get(f"/rounds/{round_.id}/leaderboard").status_code == 403


def test_prizes_by_form_two_judges_lock_and_show_the_checksum(client, auth, board, make_user):
    round_, an, *_ = board
    first, second = make_user("judge"), make_user("judge")
    auth.login(first)

    client.post(
        f"/results/rounds/{round_.id}/prizes",
        data={"tiers": "Giải nhất; 1\nGiải nhì; 2", "one_prize_per_person": "y"},
    )
    result = db.session.query(PrizeResult).one()
    html = page(client, f"/results/rounds/{round_.id}/prizes")
    assert "Giải nhì" in html
    assert "Trần Thị Bình" in html
    assert result.proposal_sha256 in html

    client.post(f"/results/prize-results/{result.id}/approve", data={})
    assert "cần một thành viên khác" in page(client, f"/results/rounds/{round_.id}/prizes")
    auth.logout()
    auth.login(second)
    client.post(f"/results/prize-results/{result.id}/approve", data={})

    result = db.session.get(PrizeResult, result.id)
    html = page(client, f"/results/rounds/{round_.id}/prizes")
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

    html = page(client, f"/results/rounds/{round_.id}/prizes")
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


def test_integrity_page_links_flags_to_the_attempt_record(client, auth, board, make_user):
    round_, an, binh, _ = board
    attempt = gen_attempt(round_, gen_candidate(), score=1, duration_ms=10)
    round_.fixed_questions = []
    db.session.add(
        AttemptEvent(
            attempt_id=attempt.id,
            kind=AttemptEventKind.LATE_SAVE,
            at=attempt.deadline + timedelta(seconds=2),
            ip="203.0.113.8",
            user_agent="Chrome 140",
        )
    )
    db.session.commit()
    auth.login(make_user("judge"))

    html = page(client, f"/results/rounds/{round_.id}/integrity")
    record = page(client, f"/results/attempts/{attempt.id}")

    assert "Lưu đáp án sau khi hết giờ" in html
    assert f"/results/attempts/{attempt.id}" in html
    assert "203.0.113.8" in record
    assert "Chrome 140" in record
    assert "late_save" in record


def test_attempt_record_page_says_khop_or_khong_khop(client, auth, app, now, make_user):
    questions = [gen_question("Hiến pháp") for _ in range(3)]
    round_ = gen_round(shuffle_questions=False, shuffle_options=False)
    round_.blueprint = [BlueprintItem(topic_id=questions[0].topic_id, count=2)]
    round_.pool_snapshot = {f"{questions[0].topic_id}:*": [q.id for q in questions]}
    from contest.integrity.records import snapshot_cells
    from questions.draw import draw_questions

    drawn = draw_questions(7, snapshot_cells(round_), shuffle=False)
    good = gen_attempt(round_, gen_candidate(), seed=7)
    bad = gen_attempt(round_, gen_candidate(), seed=7)
    by_id = {q.id: q for q in questions}
    for position, qid in enumerate(drawn):
        show(good, by_id[qid], position)
    for position, qid in enumerate(reversed(drawn)):
        show(bad, by_id[qid], position)
    db.session.commit()
    auth.login(make_user("judge"))

    assert "không khớp" not in page(client, f"/results/attempts/{good.id}")
    assert "không khớp" in page(client, f"/results/attempts/{bad.id}")


def test_items_page_and_regrade_dry_run_then_apply(client, auth, app, now, make_user):
    round_ = gen_round()
    q = gen_question(correct=0)
    attempt = gen_attempt(round_, gen_candidate("Phạm Thị Dung"), score=0, correct_count=0)
    show(attempt, q, 1)
    answer(attempt, q, 1)
    db.session.commit()
    auth.login(make_user("organizer"))

    assert "cần xem lại" in page(client, f"/results/rounds/{round_.id}/items")
    new_version(q, correct=1)
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

    html = page(client, f"/results/rounds/{round_.id}/statistics")

    assert html.count("<svg") == 2
    assert "<script" not in html.split("</footer>")[0]


def test_units_and_contest_pages(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))

    assert "Xã Bình An" in page(client, f"/results/rounds/{round_.id}/units?kind=locality")
    assert "Nguyễn Văn An" in page(client, f"/results/contests/{round_.contest_id}")
    assert "Cơ cấu giải" in page(client, f"/results/contests/{round_.contest_id}/prizes")


def test_exports_page_queues_a_background_job(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("organizer"))

    html = page(client, f"/results/rounds/{round_.id}/exports")
    client.post(f"/results/rounds/{round_.id}/exports", data={"kind": "attempts", "fmt": "xlsx"})

    assert f"/api/v1/rounds/{round_.id}/export.xlsx?kind=leaderboard" in html
    assert db.session.query(ExportJob).one().kind == "attempts"


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
