"""Command-line tools: staff accounts, tokens for scripts, and the demo seed."""

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.core.extensions import db
from contest.rounds.models import Contest, Round
from questions.models import Question


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


def test_seed_demo_is_idempotent_and_prints_logins(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = (
        db.session.scalar(select(func.count()).select_from(Question)),
        db.session.scalar(select(func.count()).select_from(Contest)),
        db.session.scalar(select(func.count()).select_from(User)),
    )
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert counts == (
        db.session.scalar(select(func.count()).select_from(Question)),
        db.session.scalar(select(func.count()).select_from(Contest)),
        db.session.scalar(select(func.count()).select_from(User)),
    )
    assert counts[0] >= 60
    for login in (
        "admin@demo.thiluat.vn",
        "bantochuc@demo.thiluat.vn",
        "giamkhao@demo.thiluat.vn",
        "0912345678",
    ):
        assert login in second.output


def test_seeded_round_is_open_for_thirty_days_and_satisfiable(runner, now):
    from datetime import timedelta

    runner.invoke(args=["seed-demo"])
    round_ = db.session.scalars(select(Round)).one()
    assert round_.opens_at <= now() < round_.closes_at
    assert round_.closes_at - round_.opens_at == timedelta(days=30)
    assert round_.contest.status.value == "published"
    from questions.topics import topic_counts

    matrix = topic_counts()
    for item in round_.blueprint:
        assert sum(matrix[item.topic.name].values()) >= item.count


def test_demo_accounts_can_sign_in_and_see_their_home(runner, app):
    runner.invoke(args=["seed-demo"])
    for login, home in [
        ("admin@demo.thiluat.vn", "/admin/"),
        ("bantochuc@demo.thiluat.vn", "/organizer/"),
        ("giamkhao@demo.thiluat.vn", "/judge/"),
        ("0912345678", "/me/"),
    ]:
        client = app.test_client()
        response = client.post("/login", data={"login": login, "password": "ThiLuat@2026"})
        assert response.headers["Location"].endswith(home), login
        assert client.get(home).status_code == 200
