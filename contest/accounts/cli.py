"""flask --app wsgi users …: staff accounts and personal access tokens."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from contest.accounts import credentials, recovery, staff, tokens
from contest.accounts.models import User
from contest.core.access import STAFF_ROLES
from contest.core.database.transaction import unit_of_work
from contest.core.errors import ContestError
from contest.core.extensions import db

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
    user = _run(lambda: staff.create_staff(email, role, password, full_name))
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
        state = "active" if user.active else "disabled"
        click.echo(f"{user.id}\t{user.role.value}\t{state}\t{user.email}\t{user.full_name}")


STAFF_ROLE_NAMES = [role.value for role in STAFF_ROLES]


@users_cli.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Disable a staff account: its sessions end and its tokens stop working (audited)."""
    _run(lambda: staff.set_active(staff.find_staff(email), False))
    click.echo(f"Đã vô hiệu hóa {email}.")


@users_cli.command("enable")
@click.argument("email")
def enable_user(email: str) -> None:
    """Re-enable a disabled staff account (audited)."""
    _run(lambda: staff.set_active(staff.find_staff(email), True))
    click.echo(f"Đã mở lại {email}.")


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(STAFF_ROLE_NAMES))
def change_role(email: str, role: str) -> None:
    """Give a staff account another staff role (audited)."""
    _run(lambda: staff.change_role(staff.find_staff(email), role))
    click.echo(f"{email}: vai trò mới {role}.")


@users_cli.command("reset")
@click.argument("login")
def reset_password(login: str) -> None:
    """Give any account a one-time password (printed on the last line) to change at sign-in."""

    def reset():
        user = credentials.find_user_by_login(login)
        if user is None:
            raise click.ClickException(f"Không tìm thấy tài khoản {login}.")
        return user, *recovery.issue_one_time_password(user, "cli")

    user, password, expires = _run(reset)
    click.echo(
        f"Mật khẩu tạm cho {user.login_name}, hết hạn {expires:%Y-%m-%d %H:%M} UTC, "
        "phải đổi ở lần đăng nhập tới:"
    )
    click.echo(password)


def _run(action):
    """Run a service action in one unit of work; a domain error becomes the command's error."""
    try:
        with unit_of_work():
            return action()
    except ContestError as error:
        raise click.ClickException(_describe(error)) from error


def _describe(error: ContestError) -> str:
    fields = error.details.get("fields")
    if fields:
        return "; ".join(f"{name}: {message}" for name, message in fields.items())
    return error.message
