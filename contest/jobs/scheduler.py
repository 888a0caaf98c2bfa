"""The background worker: APScheduler runs the schedule of contest.jobs.schedule in threads.

APScheduler brings the timing (interval and daily triggers, a missed run coalesced into one,
never two runs of a task at once) without any extra service; the claim in scheduled_run makes
each run happen on one node only. Intervals start at a fixed epoch, so every node fires at the
same instants and falls in the same slot.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from contest.core.i18n import display_zone
from contest.jobs.schedule import Task, node_name, run_task, tasks

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def trigger(task: Task, zone):
    if task.daily is not None:
        return CronTrigger(hour=task.daily.hour, minute=task.daily.minute, timezone=zone)
    return IntervalTrigger(seconds=task.seconds, start_date=EPOCH, timezone=UTC)


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with one job per task, each run inside its own app context."""
    with app.app_context():
        zone = display_zone()
        schedule = tasks(app.config)
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=len(schedule))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
        timezone=UTC,
    )
    node = node_name()

    def job(task: Task) -> None:
        with app.app_context():
            outcome = run_task(task, node=node)
            if outcome and not outcome.endswith(" 0"):
                app.logger.info("worker %s: %s", task.name, outcome)

    for task in schedule:
        scheduler.add_job(job, trigger(task, zone), args=[task], id=task.name, name=task.name)
    return scheduler


def run_forever(app: Flask) -> None:
    """Run the schedule until SIGINT or SIGTERM; running tasks finish first."""
    scheduler = build_scheduler(app)

    def stop(signum, frame):  # noqa: ARG001 - the signal handler's signature
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
