"""Command-line tools: the demo seed."""

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.core.extensions import db
from contest.rounds.models import Contest, Round
from questions.models import Question


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
