"""Command-line wiring: every domain's command group, and the demo contest."""

from __future__ import annotations

import click
from flask import Flask

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


def init_app(app: Flask) -> None:
    from contest.accounts.cli import users_cli
    from contest.attempts.cli import attempts_cli
    from contest.jobs.cli import jobs_cli
    from questions.cli import questions_cli

    for command in (users_cli, seed_demo_command, questions_cli, attempts_cli, jobs_cli):
        app.cli.add_command(command)
