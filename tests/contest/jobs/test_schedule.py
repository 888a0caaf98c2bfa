"""The worker's schedule: each task claims its slot, so it runs once however many nodes run."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from contest.attempts.models import Attempt, AttemptStatus
from contest.core.extensions import db
from contest.core.storage import storage
from contest.jobs import schedule
from contest.jobs.models import ScheduledRun
from tests.contest.attempts.taking import begin
from tests.factories.rounds import gen_open_round, gen_participation


def task(name: str):
    return next(t for t in schedule.tasks(current_app.config) if t.name == name)


def test_two_nodes_at_the_same_slot_run_a_task_once(app, now, make_user):
    round_ = gen_open_round(questions=1, time_limit_seconds=60)
    user = make_user()
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt = begin(round_, user, now())
    now(now() + timedelta(minutes=5))

    first = schedule.run_task(task("finalize"), now(), node="a")
    second = schedule.run_task(task("finalize"), now() + timedelta(seconds=3), node="b")

    assert (first, second) == ("finalized 1", None)
    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.EXPIRED
    run = db.session.scalar(select(ScheduledRun))
    assert (run.node, run.outcome, run.finished_at is not None) == ("a", "finalized 1", True)


def test_the_next_slot_runs_again(app, now):
    schedule.run_task(task("finalize"), now(), node="a")

    again = schedule.run_task(task("finalize"), now() + timedelta(minutes=1), node="b")

    assert again == "finalized 0"
    assert db.session.scalar(select(func.count()).select_from(ScheduledRun)) == 2


def test_exports_need_no_claim_so_every_worker_shares_the_queue(app, now):
    assert schedule.run_task(task("exports"), now(), node="a") == "exported 0"
    assert schedule.run_task(task("exports"), now(), node="b") == "exported 0"
    assert db.session.scalar(select(func.count()).select_from(ScheduledRun)) == 0


def test_upload_previews_older_than_a_day_are_swept_every_hour(app, now):
    files = storage()
    files.put("imports/" + "a" * 64, b"old")
    db.session.commit()
    now(now() + timedelta(days=1, minutes=1))
    files.put("imports/" + "b" * 64, b"new")
    db.session.commit()

    outcome = schedule.run_task(task("uploads"), now(), node="a")

    assert (outcome, task("uploads").seconds) == ("swept 1", 3600)
    assert files.get("imports/" + "a" * 64) is None
    assert files.get("imports/" + "b" * 64) == b"new"


def test_slots_are_interval_starts_and_the_retention_runs_at_three_local(app):
    moment = datetime(2026, 11, 27, 12, 0, 42, tzinfo=UTC)  # 19:00:42 in Vietnam

    assert schedule.slot_of(task("finalize"), moment) == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert task("retention").daily == time(3, 0)
    assert schedule.slot_of(task("retention"), moment) == datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
