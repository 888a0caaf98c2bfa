"""Who won, from the shared cache: a lock shows the list at once on every node, and the next
visitor reads no prize rows."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from contest.accounts.models import User
from contest.core.extensions import db
from contest.prizes.decisions import approve
from contest.prizes.models import PrizeResult
from contest.prizes.proposal import TierInput, define_prizes
from tests.factories.rounds import CLOSES
from tests.factories.scenes import gen_field


@pytest.fixture
def nodes(make_node, redis_cache):
    return make_node("node-a", **redis_cache), make_node("node-b", **redis_cache)


@pytest.fixture
def half_approved(app, now, make_user):
    """A published round of three (10, 9, 8) whose one-prize list one of two judges approved."""
    round_, _users = gen_field([10, 9, 8])
    round_.results_published_at = CLOSES
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    approve(result, make_user("judge"))
    second = make_user("judge")
    db.session.commit()
    return round_, result.id, second.id


def test_a_lock_on_one_node_shows_the_winners_on_the_other(nodes, half_approved):
    round_, result_id, judge_id = half_approved
    node_a, node_b = nodes
    visitor_on_b = node_b.test_client()
    assert "T.S.1" not in visitor_on_b.get(f"/rounds/{round_.id}/winners").get_data(as_text=True)

    with node_a.app_context():
        approve(db.session.get(PrizeResult, result_id), db.session.get(User, judge_id))
        db.session.commit()

    assert "T.S.1" in visitor_on_b.get(f"/rounds/{round_.id}/winners").get_data(as_text=True)


def test_the_next_visitor_reads_no_prize_rows(nodes, half_approved):
    round_, result_id, judge_id = half_approved
    node_a, _ = nodes
    approve(db.session.get(PrizeResult, result_id), db.session.get(User, judge_id))
    db.session.commit()
    visitor = node_a.test_client()
    first = visitor.get(f"/contests/{round_.contest.slug}/winners").data
    seen: list[str] = []
    with node_a.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))

    again = visitor.get(f"/contests/{round_.contest.slug}/winners").data

    assert again == first
    assert b"T.S.1" in again
    assert [s for s in seen if "prize_" in s] == []
