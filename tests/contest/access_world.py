"""The world the access matrix runs in: the demo contest, two candidates (A owns an attempt, a
practice session, a token; B owns nothing of A's), one account of each staff role, and the
value every route's URL arguments take in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import select

from contest.accounts.tokens import create_token
from contest.core.extensions import db
from contest.demo.seed import seed_demo
from contest.jobs import operations
from contest.jobs.models import OperationKind
from contest.rounds.models import Round
from questions.models import Question, QuestionImport
from tests.conftest import PASSWORD

ACTORS = ("anonymous", "candidate_a", "candidate_b", "organizer", "judge", "admin")


@dataclass
class World:
    logins: dict[str, str]
    tokens: dict[str, str]
    args: dict[str, object] = field(default_factory=dict)

    def sign_in(self, client, actor: str) -> None:
        """Sign the client in as the actor (through the API, as a browser's page would)."""
        response = client.post(
            "/api/v1/auth/login", json={"login": self.logins[actor], "password": PASSWORD}
        )
        assert response.status_code == 200, response.get_json()


def _api(client, token, method, url, **kwargs):
    response = client.open(
        url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs
    )
    assert response.status_code < 300, (url, response.get_data(as_text=True)[:300])
    return response.get_json()


def build_world(app: Flask, client, make_user) -> World:
    """Seed the demo, give candidate A things of their own, and name an id for each argument."""
    contest = seed_demo().contest
    db.session.commit()
    users = {
        "candidate_a": make_user("candidate"),
        "candidate_b": make_user("candidate"),
        "organizer": make_user("organizer"),
        "judge": make_user("judge"),
        "admin": make_user("admin"),
    }
    tokens = {name: create_token(user, "matrix")[1] for name, user in users.items()}
    spare_staff = make_user("organizer")  # what the admin's staff actions aim at
    db.session.commit()
    round_ = db.session.scalar(select(Round).where(Round.contest_id == contest.id))
    a = tokens["candidate_a"]
    group = contest.groups[0].id if contest.groups else None
    _api(
        client, a, "POST", f"/api/v1/contests/{contest.id}/participation", json={"group_id": group}
    )
    attempt = _api(client, a, "POST", f"/api/v1/rounds/{round_.id}/attempts")
    topics = _api(client, a, "GET", "/api/v1/practice/topics")
    topic = next(t for t in topics if t["available"] > 0)
    practice = _api(
        client, a, "POST", "/api/v1/practice/sessions", json={"topics": [topic["id"]], "count": 2}
    )
    own_token = _api(client, a, "POST", "/api/v1/me/tokens", json={"name": "của A"})
    judge = tokens["judge"]
    prizes = _api(
        client,
        judge,
        "POST",
        f"/api/v1/rounds/{round_.id}/prizes",
        json={"tiers": [{"name": "Giải nhất", "count": 1}]},
    )
    job = _api(
        client,
        judge,
        "POST",
        f"/api/v1/rounds/{round_.id}/export-jobs",
        json={"kind": "leaderboard", "format": "csv"},
    )
    announcement = _api(
        client,
        tokens["organizer"],
        "POST",
        f"/api/v1/contests/{contest.id}/announcements",
        json={"title": "Thông báo", "body": "Lịch thi tuần 2."},
    )
    operation = operations.enqueue(OperationKind.RANKING, {"board": "live"}, None, round_)
    db.session.commit()
    world = World(logins={name: user.login_name for name, user in users.items()}, tokens=tokens)
    world.args = {
        "contest_id": contest.id,
        "slug": contest.slug,
        "round_id": round_.id,
        "attempt_id": attempt["id"],
        "question_id": attempt["questions"][0]["id"],
        "session_id": practice["id"],
        "token_id": own_token["id"],
        "user_id": spare_staff.id,
        "topic_id": topic["id"],
        "group_id": group,
        "organization_id": 1,
        "code": "KHONGCO-0000",
        "kind": "participation",
        "lang": "en",
        "sha256": "0" * 64,
        "token": "khong-hop-le",
        "filename": "css/app.css",
        "import_id": db.session.scalar(select(QuestionImport.id)) or 1,
        "result_id": prizes["id"],
        "job_id": job["id"],
        "announcement_id": announcement["id"],
        "operation_id": operation.id,
    }
    assert db.session.get(Question, world.args["question_id"]) is not None
    return world
