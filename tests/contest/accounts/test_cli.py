"""flask users …: staff accounts created from the command line, tokens for scripts."""

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.core.extensions import db


def test_users_create_reads_the_password_twice_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "--role", "organizer", "btc@example.vn"],
        input="mat-khau-moi\nmat-khau-moi\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "btc@example.vn"))
    assert user.role.value == "organizer"
    from werkzeug.security import check_password_hash

    assert check_password_hash(user.password_hash, "mat-khau-moi")


def test_users_create_refuses_mismatched_passwords(runner):
    result = runner.invoke(
        args=["users", "create", "--role", "judge", "gk@example.vn"],
        input="mat-khau-1\nmat-khau-2\n",
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_refuses_duplicate_email(runner, make_user):
    make_user("admin", email="qt@example.vn")
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "qt@example.vn"],
        input="mat-khau-1\nmat-khau-1\n",
    )
    assert result.exit_code != 0
    assert "đã được dùng" in result.output


def test_users_token_prints_a_working_token_on_the_last_line(runner, app, make_user):
    user = make_user("judge", email="gk@example.vn")
    result = runner.invoke(args=["users", "token", "gk@example.vn"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["id"] == user.id
