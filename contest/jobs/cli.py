"""flask --app wsgi jobs …: the background worker (scheduled tasks and exports), and one pass."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from contest.jobs import operations, scheduler, worker

jobs_cli = AppGroup(
    "jobs", help="Tác vụ nền: xuất tệp lớn, làm mới bảng xếp hạng (background jobs)."
)


@jobs_cli.command("worker")
@click.option(
    "--nice/--no-nice",
    default=True,
    show_default=True,
    help="Chạy với mức ưu tiên CPU thấp để không làm chậm thí sinh.",
)
def worker_command(nice: bool) -> None:
    """The background worker: every scheduled task, until stopped (make run starts it).

    Every minute it scores overdue attempts and refreshes the boards of open rounds; every few
    seconds it writes queued exports; daily at 03:00 it runs the retention. Safe on several
    nodes: each scheduled task runs once per slot (the scheduled_run table).
    """
    if nice:
        worker.lower_priority()
    click.echo("Tác vụ nền đang chạy (Ctrl-C để dừng).")
    scheduler.run_forever(current_app._get_current_object())


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="Chạy các tác vụ đang chờ một lần rồi dừng.")
@click.option("--interval", default=30, show_default=True, help="Số giây nghỉ giữa hai vòng.")
@click.option(
    "--nice/--no-nice",
    default=True,
    show_default=True,
    help="Chạy với mức ưu tiên CPU thấp để không làm chậm thí sinh.",
)
def run(once: bool, interval: int, nice: bool) -> None:
    """Run queued export jobs and refresh the rank snapshots of open rounds, in a loop.

    Each step commits as its own unit of work (contest.jobs.worker), so no transaction stays
    open while the worker sleeps, and none holds SQLite's write lock during a long read.
    `flask jobs worker` does this and the rest of the schedule; this stays for one-off passes.
    """
    if nice:
        worker.lower_priority()
    while True:
        done = operations.run_pending() + worker.run_pending()
        refreshed = worker.refresh_open_rounds()
        if done or refreshed:
            click.echo(f"Đã chạy {done} tác vụ; làm mới {refreshed} bảng xếp hạng.")
        if once:
            break
        time.sleep(interval)
