"""Public boards from the shared cache (Redis): the second visitor costs the database nothing
of the board, a change to the board reaches every node at once, an old snapshot is still
rebuilt, and nothing the public may not see is kept."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import redis
from sqlalchemy import event, select

from contest.attempts.models import Attempt
from contest.core.extensions import db
from contest.ranking.snapshots.build import rebuild_snapshot
from contest.ranking.snapshots.state import mark_stale
from contest.rounds.models import Round
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.scenes import gen_scored_board


@pytest.fixture
def nodes(make_node, redis_cache):
    """Two nodes caching in the same Redis."""
    return make_node("node-a", **redis_cache), make_node("node-b", **redis_cache)


@pytest.fixture
def board(app, now, make_user):
    """A closed round whose board is built: Bình 9, An 8, Cường 8."""
    scene = gen_scored_board(make_user)
    rebuild_snapshot(scene[0])
    db.session.commit()
    return scene


@contextmanager
def statements(node):
    """The SQL the node sends while the block runs."""
    seen: list[str] = []
    with node.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def without_csrf_tokens(page) -> str:
    """The page with its CSRF tokens blanked: each is signed with the second it was made in,
    so two visits a second apart differ there, whatever the cache."""
    return re.sub(r'(csrf[-_]token" (?:content|value)=")[^"]*', r"\1", page.get_data(as_text=True))


def board_reads(seen: list[str]) -> list[str]:
    return [s for s in seen if "rank_snapshot" in s]


def top(client, round_id: int) -> list[tuple[str, float]]:
    items = client.get(f"/api/v1/rounds/{round_id}/leaderboard").get_json()["items"]
    return [(item["candidate"]["display_name"], item["score"]) for item in items]


def correct(node, round_, user, score: float, *, regrade: bool) -> None:
    """Change a candidate's score on this node; a regrade also marks the board stale."""
    with node.app_context():
        attempt = db.session.scalar(
            select(Attempt).where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
        )
        attempt.score = score
        if regrade:
            mark_stale(db.session.get(Round, round_.id))
        db.session.commit()


def test_the_second_visitor_is_served_from_the_cache(nodes, board):
    round_, *_ = board
    node_a, _ = nodes
    visitor = node_a.test_client()

    with statements(node_a) as first:
        first_page = visitor.get(f"/rounds/{round_.id}/leaderboard")
    with statements(node_a) as second:
        second_page = visitor.get(f"/rounds/{round_.id}/leaderboard")

    assert first_page.status_code == second_page.status_code == 200
    assert without_csrf_tokens(second_page) == without_csrf_tokens(first_page)
    assert "T.T.B — Xã Bình An" in second_page.get_data(as_text=True)
    assert board_reads(first)
    assert board_reads(second) == []
    assert len(second) < len(first)


def test_the_feed_is_served_from_the_cache_too(nodes, board):
    round_, *_ = board
    node_a, _ = nodes
    visitor = node_a.test_client()
    url = f"/api/v1/public/contests/{round_.contest.slug}/feed"

    first = visitor.get(url).get_json()
    with statements(node_a) as second:
        again = visitor.get(url).get_json()

    assert again == first
    assert len(first["items"]) == 3
    assert board_reads(second) == []


def test_a_correction_is_shown_at_once(nodes, board):
    round_, an, *_ = board
    node_a, _ = nodes
    visitor = node_a.test_client()
    assert top(visitor, round_.id)[0] == ("T.T.B — Xã Bình An", 9)

    correct(node_a, round_, an, 10, regrade=True)

    assert top(visitor, round_.id)[0] == ("N.V.A — Xã Bình An", 10)


def test_a_rebuild_on_one_node_reaches_the_other(nodes, board, make_user):
    round_, an, *_ = board
    node_a, node_b = nodes
    judge_on_a, visitor_on_b = node_a.test_client(), node_b.test_client()
    assert top(visitor_on_b, round_.id)[0] == ("T.T.B — Xã Bình An", 9)
    correct(node_a, round_, an, 10, regrade=False)
    assert top(visitor_on_b, round_.id)[0] == ("T.T.B — Xã Bình An", 9)  # still the snapshot

    judge = make_user("judge")
    judge_on_a.post("/api/v1/auth/login", json={"login": judge.email, "password": "mat-khau-1"})
    rebuilt = judge_on_a.post(f"/api/v1/rounds/{round_.id}/leaderboard/rebuild")

    assert rebuilt.status_code == 200
    assert top(visitor_on_b, round_.id)[0] == ("N.V.A — Xã Bình An", 10)


def test_an_open_round_board_is_still_rebuilt_when_old(nodes, now, app):
    from tests.factories.rounds import gen_round

    round_ = gen_round(opens_at=now() - timedelta(hours=1), closes_at=now() + timedelta(days=1))
    gen_attempt(round_, gen_candidate("Phạm An"), score=5, submitted_at=now())
    db.session.commit()
    node_a, _ = nodes
    visitor = node_a.test_client()
    assert len(top(visitor, round_.id)) == 1

    gen_attempt(round_, gen_candidate("Đỗ Bình"), score=7, submitted_at=now())
    db.session.commit()
    assert len(top(visitor, round_.id)) == 1  # the snapshot is fresh: served from the cache
    now(now() + timedelta(seconds=app.config["RANKING_SNAPSHOT_MAX_AGE_SECONDS"] + 1))

    assert top(visitor, round_.id) == [("Đ.B", 7), ("P.A", 5)]


def test_no_cccd_or_phone_is_kept_in_the_cache(nodes, board, redis_cache):
    round_, an, binh, _ = board
    node_a, _ = nodes
    node_a.test_client().get(f"/rounds/{round_.id}/leaderboard")

    client = redis.Redis.from_url(redis_cache["REDIS_URL"])
    keys = list(client.scan_iter(match=redis_cache["CACHE_KEY_PREFIX"] + "*"))
    kept = b"".join(client.get(key) or b"" for key in keys)

    assert b"Tr\\u1ea7n Th\\u1ecb B\\u00ecnh" in kept or "Trần Thị Bình".encode() in kept
    for secret in (an.id_number, an.phone, binh.id_number, binh.phone):
        assert secret.encode() not in kept


def contest_top(client, contest_id: int) -> list[tuple[str, float]]:
    items = client.get(f"/api/v1/contests/{contest_id}/leaderboard").get_json()["items"]
    return [(item["candidate"]["display_name"], item["score"]) for item in items]


def test_the_contest_board_is_cached_and_moved_on_by_a_regrade(nodes, board):
    round_, an, *_ = board
    node_a, node_b = nodes
    visitor_on_b = node_b.test_client()
    assert contest_top(visitor_on_b, round_.contest_id)[0] == ("T.T.B — Xã Bình An", 9)
    with statements(node_b) as again:
        cached = visitor_on_b.get(f"/contests/{round_.contest.slug}/leaderboard")

    correct(node_a, round_, an, 10, regrade=True)

    assert "T.T.B — Xã Bình An" in cached.get_data(as_text=True)
    assert [s for s in again if "FROM attempt" in s] == []
    assert contest_top(visitor_on_b, round_.contest_id)[0] == ("N.V.A — Xã Bình An", 10)


def test_the_contest_board_is_kept_no_longer_than_a_board_may_be_old(
    nodes, board, redis_cache, app
):
    round_, *_ = board
    node_a, _ = nodes
    node_a.test_client().get(f"/contests/{round_.contest.slug}/leaderboard")

    client = redis.Redis.from_url(redis_cache["REDIS_URL"])
    pattern = redis_cache["CACHE_KEY_PREFIX"] + f"contest:{round_.contest_id}:*board*"
    lifetimes = [client.ttl(key) for key in client.scan_iter(match=pattern)]

    assert lifetimes
    assert all(0 < ttl <= app.config["RANKING_SNAPSHOT_MAX_AGE_SECONDS"] for ttl in lifetimes)
