"""flask --app wsgi jobs run: the background worker for large exports and open rounds' rankings."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from contest.jobs import worker

jobs_cli = AppGroup(
    "jobs", help="Tác vụ nền: xuất tệp lớn, làm mới bảng xếp hạng (background jobs)."
)


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
    """
    if nice:
        worker.lower_priority()
    while True:
        done = worker.run_pending()
        refreshed = worker.refresh_open_rounds()
        if done or refreshed:
            click.echo(f"Đã xuất {done} tệp; làm mới {refreshed} bảng xếp hạng.")
        if once:
            break
        time.sleep(interval)
