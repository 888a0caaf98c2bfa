"""The database under concurrency: four clients at once, each on its own thread and connection
to the same file database, rebuilding the board, drawing up prizes, exporting, retiring and
restoring a question, creating and revoking tokens — never a 5xx ("database is locked")."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import select

from contest.accounts.models import User
from contest.accounts.tokens import create_token
from contest.core.extensions import db, limiter
from contest.demo.seed import seed_demo
from contest.rounds.models import Round
from questions.models import Question

ROUNDS_EACH = 8


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {create_token(user, 'concurrency')[1]}"}


def test_four_concurrent_writers_never_meet_a_locked_database(app, make_user, now):
    contest = seed_demo().contest
    db.session.commit()
    round_id = db.session.scalar(select(Round.id).where(Round.contest_id == contest.id))
    question_id = db.session.scalar(select(Question.id).order_by(Question.id))
    judge, organizer, candidate = make_user("judge"), make_user("organizer"), make_user()
    headers = {
        "judge": bearer(judge),
        "organizer": bearer(organizer),
        "candidate": bearer(candidate),
    }
    db.session.commit()
    assert db.session.get(User, candidate.id) is not None

    def board(client):
        yield client.post(
            f"/api/v1/rounds/{round_id}/leaderboard/rebuild", headers=headers["judge"]
        )

    def prizes(client):
        yield client.post(
            f"/api/v1/rounds/{round_id}/prizes",
            json={"tiers": [{"name": "Giải nhất", "count": 1}]},
            headers=headers["judge"],
        )

    def export(client):
        yield client.get(f"/api/v1/rounds/{round_id}/export.csv", headers=headers["organizer"])

    def retire(client):
        for action in ("retire", "restore"):
            yield client.post(
                f"/api/v1/questions/{question_id}/{action}", headers=headers["organizer"]
            )

    def token(client):
        created = client.post(
            "/api/v1/me/tokens", json={"name": "tạm"}, headers=headers["candidate"]
        )
        yield created
        yield client.delete(
            f"/api/v1/me/tokens/{created.get_json()['id']}", headers=headers["candidate"]
        )

    statuses: Counter = Counter()
    errors: list[str] = []
    start = threading.Barrier(4)

    def worker(steps):
        client = app.test_client()
        start.wait()
        for _ in range(ROUNDS_EACH):
            for step in steps:
                for response in step(client):
                    response.get_data()
                    statuses[response.status_code // 100] += 1
                    if response.status_code >= 500:
                        errors.append(f"{response.request.method} {response.request.path}")

    limiter.enabled = False
    try:
        threads = [
            threading.Thread(target=worker, args=(steps,))
            for steps in ((board, prizes), (export, board), (retire, prizes), (token, export))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        limiter.enabled = True
    assert errors == []
    assert statuses[2] == sum(statuses.values()) > 0
