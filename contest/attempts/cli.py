"""flask --app wsgi attempts …: attempt maintenance."""

import click
from flask.cli import AppGroup

from contest.attempts.marking.grading import finalize_expired
from contest.core.clock import utcnow
from contest.core.database.transaction import unit_of_work

attempts_cli = AppGroup("attempts", help="Bài thi (attempts).")


@attempts_cli.command("finalize-expired")
def finalize_expired_command() -> None:
    """Score every attempt whose time is up; safe every minute and on many nodes at once."""
    with unit_of_work():
        count = finalize_expired(utcnow())
    click.echo(f"Đã chấm {count} bài thi hết giờ chưa nộp.")
