"""flask users …: staff accounts from the command line (each change audited), tokens for scripts."""

import getpass

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


def audit_entries(action: str):
    from contest.core.audit import AuditEntry

    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_users_create_leaves_an_audit_entry_naming_the_command(runner):
    runner.invoke(
        args=["users", "create", "--role", "judge", "gk@example.vn"],
        input="mat-khau-moi\nmat-khau-moi\n",
    )
    [entry] = audit_entries("users.create")
    assert entry.actor_id is None
    assert "users create" in entry.origin
    assert "email=gk@example.vn" in entry.origin
    assert "mat-khau-moi" not in entry.origin


def test_users_disable_and_enable_are_audited_with_the_command(runner, make_user):
    judge = make_user("judge", email="gk@example.vn")
    result = runner.invoke(args=["users", "disable", "gk@example.vn"])
    assert result.exit_code == 0, result.output
    db.session.refresh(judge)
    assert judge.active is False
    runner.invoke(args=["users", "enable", "gk@example.vn"])
    db.session.refresh(judge)
    assert judge.active is True
    disabled, enabled = audit_entries("users.disable") + audit_entries("users.enable")
    assert disabled.origin.startswith(f"{getpass.getuser()}: ")
    assert disabled.origin.endswith(" users disable email=gk@example.vn")
    assert enabled.origin.endswith(" users enable email=gk@example.vn")


def test_users_role_changes_a_staff_role(runner, make_user):
    judge = make_user("judge", email="gk@example.vn")
    result = runner.invoke(args=["users", "role", "gk@example.vn", "organizer"])
    assert result.exit_code == 0, result.output
    db.session.refresh(judge)
    assert judge.role.value == "organizer"
    assert audit_entries("users.role")[0].after == {"role": "organizer"}


def test_the_cli_keeps_the_last_active_admin(runner, make_user):
    make_user("admin", email="qt@example.vn")
    result = runner.invoke(args=["users", "disable", "qt@example.vn"])
    assert result.exit_code != 0
    assert "quản trị viên cuối cùng" in result.output
    result = runner.invoke(args=["users", "role", "qt@example.vn", "judge"])
    assert result.exit_code != 0


def test_users_reset_prints_a_one_time_password_to_change_at_sign_in(runner, app, make_user):
    judge = make_user("judge", email="gk@example.vn")
    result = runner.invoke(args=["users", "reset", "gk@example.vn"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1]
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"login": judge.email, "password": password})
    assert response.get_json()["user"]["must_change_password"] is True
    assert audit_entries("users.password_reset")[0].origin.endswith(
        "users reset login=gk@example.vn"
    )


def test_users_commands_name_unknown_accounts(runner):
    result = runner.invoke(args=["users", "disable", "nobody@example.vn"])
    assert result.exit_code != 0
    assert "Không có tài khoản cán bộ" in result.output
