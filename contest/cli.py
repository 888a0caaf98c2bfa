"""Command-line wiring: every domain's command group, and the demo contest."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from contest.core import audit
from contest.core.database import backup
from contest.core.database.transaction import unit_of_work
from contest.core.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo contest, bank and accounts (safe to run again)."""
    from contest.demo.seed import seed_demo

    result = seed_demo()
    db.session.commit()
    click.echo(f"Cuộc thi mẫu: {result.contest.title} (/contests/{result.contest.slug})")
    click.echo(f"Câu hỏi mới thêm: {result.questions_added}")
    click.echo("Tài khoản mẫu (vai trò, đăng nhập, mật khẩu):")
    for role, login, password in result.logins:
        click.echo(f"  {role:<10} {login:<28} {password}")


@click.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path | None) -> None:
    """Back up the whole database (SQLite online backup, or pg_dump) to PATH."""
    target = path or backup.default_path(db.engine, Path(current_app.instance_path) / "backups")
    with unit_of_work():  # recorded first, so that the backup holds its own entry
        audit.record("backup.create", "database", None, after={"path": str(target)})
    try:
        backup.backup(db.engine, target)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã sao lưu vào {target}")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Ghi đè cơ sở dữ liệu đang có dữ liệu.")
def restore_command(path: Path, replace: bool) -> None:
    """Restore a backup made by `flask backup` into the configured database."""
    db.session.remove()
    try:
        counts = backup.restore(db.engine, path, replace=replace)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã khôi phục từ {path}:")
    for count in counts:
        click.echo(f"  {count.name:<32} {count.rows:>10}")


def init_app(app: Flask) -> None:
    from contest.accounts.cli import users_cli
    from contest.attempts.cli import attempts_cli
    from contest.jobs.cli import jobs_cli
    from contest.privacy.cli import privacy_cli
    from questions.cli import questions_cli

    for command in (
        users_cli,
        seed_demo_command,
        backup_command,
        restore_command,
        questions_cli,
        attempts_cli,
        jobs_cli,
        privacy_cli,
    ):
        app.cli.add_command(command)
