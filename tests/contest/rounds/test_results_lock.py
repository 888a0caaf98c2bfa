"""Locked means locked: once a prize list rests on a round, no path changes its window, scoring,
attempts or answers — API, page, command, submit, finalize — until two judges unlock it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from contest.attempts.marking.grading import finalize_expired
from contest.attempts.models import Answer, Attempt, AttemptStatus
from contest.attempts.submission import submit_attempt
from contest.core.extensions import db
from contest.rounds.results_lock import ResultsLocked
from tests.contest.readers import html_of
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.questions import gen_question
from tests.factories.rounds import CLOSES
from tests.factories.scenes import gen_locked_list

REASON = "Gia hạn do sự cố đường truyền"


@pytest.fixture
def locked(app, now, make_user):
    """A closed round of three whose one-prize list two judges locked."""
    round_, users, result = gen_locked_list(make_user)
    return round_, users, result


def later(round_) -> str:
    return (round_.closes_at + timedelta(days=7)).isoformat()


def left_in_progress(round_):
    """An attempt some path left running on the locked round (written below the ORM)."""
    user = gen_candidate()
    started = CLOSES - timedelta(minutes=5)
    attempt_id = db.session.execute(
        insert(Attempt)
        .values(
            round_id=round_.id,
            user_id=user.id,
            number=1,
            status=AttemptStatus.IN_PROGRESS,
            seed=1,
            started_at=started,
            deadline=started + timedelta(minutes=20),
        )
        .returning(Attempt.id)
    ).scalar_one()
    db.session.commit()
    return db.session.get(Attempt, attempt_id), user


def test_an_organizer_alone_cannot_reopen_a_locked_round_on_the_api(
    client, auth, locked, make_user
):
    round_, _, _ = locked
    closes_at = round_.closes_at
    auth.login(make_user("organizer"))
    response = client.patch(
        f"/api/v1/rounds/{round_.id}", json={"closes_at": later(round_), "reason": REASON}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "results_locked"
    db.session.refresh(round_)
    assert round_.closes_at == closes_at


def test_the_scoring_of_a_locked_round_cannot_change(locked):
    round_, _, _ = locked
    round_.points_per_question = 2.0
    with pytest.raises(ResultsLocked):
        db.session.flush()
    db.session.rollback()


def test_a_locked_round_can_still_be_renamed(client, auth, locked, make_user):
    round_, _, _ = locked
    auth.login(make_user("organizer"))
    response = client.patch(f"/api/v1/rounds/{round_.id}", json={"name": "Tuần một (đã trao)"})
    assert response.status_code == 200


def test_the_edit_page_cannot_move_a_locked_rounds_close(client, auth, locked, make_user):
    round_, _, _ = locked
    round_.settings_frozen_at = round_.opens_at  # as the first start did: the short edit form
    closes_at = round_.closes_at
    auth.login(make_user("organizer"))
    page = client.post(
        f"/organizer/contests/rounds/{round_.id}/edit",
        data={"name": round_.name, "closes_at": "2026-12-31T23:00", "reason": REASON},
    )
    assert "Danh sách giải dựa trên tuần thi này đã khóa" in page.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.closes_at == closes_at


def test_no_attempt_starts_on_a_locked_round(locked):
    round_, _, _ = locked
    with pytest.raises(ResultsLocked):
        gen_attempt(round_, gen_candidate(), score=10)
    db.session.rollback()


def test_a_locked_rounds_attempt_keeps_its_score(locked):
    round_, users, _ = locked
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == users[2].id))
    attempt.score = 100
    with pytest.raises(ResultsLocked):
        db.session.flush()
    db.session.rollback()


def test_no_answer_is_saved_on_a_locked_round(locked):
    round_, users, _ = locked
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == users[2].id))
    db.session.add(Answer(attempt_id=attempt.id, question_id=gen_question().id, option_ids=[]))
    with pytest.raises(ResultsLocked):
        db.session.flush()
    db.session.rollback()


def test_an_attempts_address_may_still_be_erased(locked):
    round_, users, _ = locked
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == users[0].id))
    attempt.ip = None
    attempt.user_agent = "(đã xoá)"
    db.session.commit()


def test_a_late_submit_on_a_locked_round_is_refused(locked, now):
    round_, _, _ = locked
    attempt, user = left_in_progress(round_)
    now(CLOSES - timedelta(minutes=1))
    with pytest.raises(ResultsLocked):
        submit_attempt(attempt.id, user, None, CLOSES - timedelta(minutes=1))
    db.session.rollback()
    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.IN_PROGRESS


def test_finalizing_overdue_attempts_leaves_a_locked_round_alone(locked, now, runner):
    round_, _, _ = locked
    attempt, _ = left_in_progress(round_)
    assert finalize_expired(now() + timedelta(days=1)) == 0

    result = runner.invoke(args=["attempts", "finalize-expired"])
    assert "Đã chấm 0 bài thi" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.IN_PROGRESS


def test_after_two_judges_unlock_the_round_can_move_again(client, auth, locked, make_user):
    from contest.prizes.unlock import approve_unlock, request_unlock

    round_, _, result = locked
    request_unlock(result, "Phát hiện sai sót cần sửa", make_user("judge"))
    approve_unlock(result, make_user("judge"))
    db.session.commit()
    auth.login(make_user("organizer"))
    response = client.patch(
        f"/api/v1/rounds/{round_.id}", json={"closes_at": later(round_), "reason": REASON}
    )
    assert response.status_code == 200
    assert "Tuần" in html_of(client, f"/organizer/contests/rounds/{round_.id}")
