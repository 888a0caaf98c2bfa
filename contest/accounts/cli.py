"""flask --app wsgi users …: staff accounts and personal access tokens."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from contest.accounts import credentials, staff, tokens
from contest.accounts.models import User
from contest.core.errors import ContestError
from contest.core.extensions import db
from contest.core.transaction import unit_of_work

users_cli = AppGroup("users", help="Tài khoản cán bộ và mã truy cập (staff accounts and tokens).")


@users_cli.command("create")
@click.option("--role", type=click.Choice(["admin", "organizer", "judge"]), required=True)
@click.option("--name", "full_name", default="", help="Họ và tên.")
@click.argument("email")
@click.password_option(
    prompt="Mật khẩu (password)", confirmation_prompt="Nhập lại mật khẩu (repeat)"
)
def create_user(role: str, full_name: str, email: str, password: str) -> None:
    """Create a staff account; the password is asked twice (or read twice from stdin)."""
    try:
        with unit_of_work():
            user = staff.create_staff(email, role, password, full_name)
    except ContestError as error:
        raise click.ClickException(_describe(error)) from error
    click.echo(f"Đã tạo tài khoản {user.email} (vai trò {user.role.value}).")


@users_cli.command("token")
@click.option("--name", default="script", help="Tên gợi nhớ của mã.")
@click.argument("login")
def create_token(name: str, login: str) -> None:
    """Create a personal access token for a user and print it on the last line."""
    with unit_of_work():
        user = credentials.find_user_by_login(login)
        if user is None:
            raise click.ClickException(f"Không tìm thấy tài khoản {login}.")
        _token, raw = tokens.create_token(user, name)
    click.echo(f"Mã truy cập cho {user.login_name} (chỉ hiển thị một lần):")
    click.echo(raw)


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts."""
    for user in db.session.scalars(select(User).where(User.role != "candidate").order_by(User.id)):
        click.echo(f"{user.id}\t{user.role.value}\t{user.email}\t{user.full_name}")


def _describe(error: ContestError) -> str:
    fields = error.details.get("fields")
    if fields:
        return "; ".join(f"{name}: {message}" for name, message in fields.items())
    return error.message
