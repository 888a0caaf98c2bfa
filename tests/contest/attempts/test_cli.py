"""flask attempts finalize-expired: scores what nobody submitted, once, even on many nodes."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest.accounts.models import User
from contest.attempts import answers, start
from contest.attempts.marking import grading
from contest.attempts.models import Attempt, AttemptEvent, AttemptEventKind, AttemptStatus
from contest.attempts.start import Client
from contest.core.extensions import db
from questions.models import Question
from tests.factories.rounds import gen_open_round, gen_participation

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
postgres_only = pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serializes writers"
)


def started_attempts(make_user, now, count, **settings):
    round_ = gen_open_round(questions=2, **settings)
    result = []
    for _ in range(count):
        user = make_user()
        gen_participation(round_.contest, user)
        attempt, _ = start.start_attempt(round_.id, user, Client(), now())
        result.append(attempt)
    db.session.commit()
    return result


def answer_correctly(attempt, at):
    item = attempt.questions[0]
    question = db.session.get(Question, item.question_id)
    key = [o.id for o in question.current.options if o.is_correct]
    answers.save_answer(
        attempt.id,
        db.session.get(User, attempt.user_id),
        item.question_id,
        key,
        client=Client(),
        now=at,
    )
    db.session.commit()


def expire_events() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AttemptEvent)
        .where(AttemptEvent.kind == AttemptEventKind.EXPIRE)
    )


def test_finalize_expired_scores_overdue_attempts_and_says_how_many(runner, now, make_user):
    overdue = started_attempts(make_user, now, 2, time_limit_seconds=60)
    answer_correctly(overdue[0], now())
    now(now() + timedelta(seconds=50))
    fresh = started_attempts(make_user, now, 1, time_limit_seconds=60)

    now(
        now() + timedelta(seconds=13)
    )  # 63 s after the first two started: past deadline + 2 s grace
    result = runner.invoke(args=["attempts", "finalize-expired"])

    assert result.exit_code == 0, result.output
    assert "Đã chấm 2 bài thi" in result.output
    db.session.expire_all()
    assert [db.session.get(Attempt, a.id).status for a in overdue] == [AttemptStatus.EXPIRED] * 2
    assert (
        db.session.get(Attempt, overdue[0].id).score,
        db.session.get(Attempt, overdue[1].id).score,
    ) == (1.0, 0.0)
    assert db.session.get(Attempt, fresh[0].id).status == AttemptStatus.IN_PROGRESS


def test_finalize_expired_leaves_attempts_within_the_grace(runner, now, make_user):
    (attempt,) = started_attempts(make_user, now, 1, time_limit_seconds=60)

    now(attempt.deadline + timedelta(seconds=2))
    result = runner.invoke(args=["attempts", "finalize-expired"])

    assert "Đã chấm 0 bài thi" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.IN_PROGRESS


def test_finalize_expired_is_idempotent(runner, now, make_user):
    started_attempts(make_user, now, 3, time_limit_seconds=60)
    now(now() + timedelta(minutes=5))

    first = runner.invoke(args=["attempts", "finalize-expired"])
    second = runner.invoke(args=["attempts", "finalize-expired"])

    assert "Đã chấm 3 bài thi" in first.output
    assert "Đã chấm 0 bài thi" in second.output
    assert expire_events() == 3


def test_finalize_expired_closes_attempts_of_a_round_closed_early(runner, now, make_user):
    (attempt,) = started_attempts(make_user, now, 1, time_limit_seconds=3600)
    attempt.round.closes_at = now() + timedelta(minutes=1)
    db.session.commit()

    now(now() + timedelta(minutes=2))
    runner.invoke(args=["attempts", "finalize-expired"])

    db.session.expire_all()
    closed = db.session.get(Attempt, attempt.id)
    assert (closed.status, closed.duration_ms) == (AttemptStatus.EXPIRED, 60_000)


def run_in_threads(app, count, target):
    """Run target() in `count` threads at once, each with its own app context and session."""
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                results.append(target())
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.postgres_only
@postgres_only
def test_two_nodes_closing_the_same_attempts_close_each_once(app, now, make_user):
    ids = [a.id for a in started_attempts(make_user, now, 4, time_limit_seconds=60)]
    now(now() + timedelta(minutes=5))
    both_read = threading.Barrier(2, timeout=10)

    def node():
        batch = db.session.scalars(select(Attempt).where(Attempt.id.in_(ids))).all()
        both_read.wait()  # both nodes saw the four attempts in progress
        return len(grading.finalize(batch, AttemptStatus.EXPIRED, now()))

    closed = run_in_threads(app, 2, node)

    assert sum(closed) == 4
    assert expire_events() == 4


@pytest.mark.postgres_only
@postgres_only
def test_finalize_expired_on_many_nodes_at_once_finalizes_each_attempt_once(app, now, make_user):
    started_attempts(make_user, now, 30, time_limit_seconds=60)
    now(now() + timedelta(minutes=5))

    counts = run_in_threads(app, 4, lambda: grading.finalize_expired(now()))

    assert sum(counts) == 30
    assert expire_events() == 30
    assert (
        db.session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.status == AttemptStatus.EXPIRED)
        )
        == 30
    )
