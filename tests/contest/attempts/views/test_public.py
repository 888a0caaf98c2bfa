"""Public pages: each contest's lobby with its rules, rounds and, for a candidate, the way in."""

from __future__ import annotations

from datetime import date, timedelta

from contest.attempts.models import Attempt
from contest.core.extensions import db
from tests.contest.attempts.pages import page, start_page
from tests.factories.rounds import gen_open_round, gen_participation


def test_lobby_shows_rules_and_each_round_state(client, now):
    upcoming = gen_open_round(
        questions=1,
        opens_at=now() + timedelta(days=2, hours=3),
        closes_at=now() + timedelta(days=9),
    )
    contest = upcoming.contest
    gen_open_round(contest, questions=1)
    gen_open_round(
        contest,
        questions=1,
        opens_at=now() - timedelta(days=9),
        closes_at=now() - timedelta(days=2),
    )
    gen_open_round(
        contest,
        questions=1,
        opens_at=now() - timedelta(days=20),
        closes_at=now() - timedelta(days=13),
        results_published_at=now() - timedelta(days=10),
    )
    db.session.commit()

    html = page(client.get(f"/contests/{contest.slug}"))

    assert "<strong>Không</strong> dùng tài liệu" in html
    for label in ("Sắp mở", "Đang mở", "Đã đóng", "Đã công bố kết quả"):
        assert label in html
    assert "2 ngày 03:00:00" in html
    assert f'data-countdown="{upcoming.opens_at.isoformat()}"' in html
    assert 'class="round-rules"' in html  # the rounds' own rules, printed by their macro
    assert "Đăng nhập để dự thi" in html
    assert "Vào thi" not in html


def test_ineligible_candidate_is_told_why_and_cannot_start(client, auth, make_user, now):
    young = make_user(birth_date=date(2012, 1, 1))
    round_ = gen_open_round(questions=1)
    round_.contest.min_age = 16
    db.session.commit()
    auth.login(young)

    html = page(client.get(f"/contests/{round_.contest.slug}"))
    refused = client.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert "Cuộc thi dành cho người từ đủ 16 tuổi trở lên" in html
    assert "Đồng ý thể lệ" not in html
    assert refused.status_code == 302
    assert db.session.query(Attempt).count() == 0


def test_lobby_offers_to_continue_the_attempt_in_progress(signed_in, now, candidate):
    round_ = gen_open_round(questions=1, max_attempts=3)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, _ = start_page(signed_in, round_)

    html = page(signed_in.get(f"/contests/{round_.contest.slug}"))
    again = signed_in.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert f'href="/attempts/{attempt.id}">Tiếp tục làm bài' in html
    assert again.headers["Location"].endswith(f"/attempts/{attempt.id}")
    assert db.session.query(Attempt).count() == 1


def test_contest_page_prints_the_eligibility_rules(client, app):
    from contest.core.extensions import db
    from contest.rounds.models import ParticipantGroup
    from tests.factories.rounds import gen_open_round

    round_ = gen_open_round()
    contest = round_.contest
    contest.min_age = 16
    contest.required_fields = ["unit", "email"]
    db.session.add(ParticipantGroup(contest=contest, name="Học sinh, sinh viên"))
    db.session.commit()
    html = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert "Thí sinh từ đủ 16 tuổi trở lên." in html
    assert "Nhóm đối tượng dự thi: Học sinh, sinh viên." in html
    assert "Thông tin bắt buộc khai báo: Cơ quan, đơn vị, Email." in html
