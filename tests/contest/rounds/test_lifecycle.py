"""The organizer's moves along a round's life: announce a draft, close it early, publish its
results, each once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.rounds import lifecycle, rounds
from contest.rounds.models import RoundState
from tests.contest.rounds.bodies import round_body
from tests.factories.rounds import UPCOMING as OPENS
from tests.factories.rounds import gen_contest


def audit_entries(action: str) -> list[AuditEntry]:
    return db.session.query(AuditEntry).filter_by(action=action).order_by(AuditEntry.id).all()


def announced_round():
    round_ = rounds.create_round(gen_contest(), round_body())
    return lifecycle.mark_announced(round_, OPENS - timedelta(days=1))


def test_a_new_round_is_a_draft_until_announced_and_announced_once(bank):
    round_ = rounds.create_round(gen_contest(), round_body())
    draft_state = round_.state_at(OPENS + timedelta(days=1))

    lifecycle.mark_announced(round_, OPENS - timedelta(days=1))
    with pytest.raises(Conflict) as twice:
        lifecycle.mark_announced(round_, OPENS)

    assert draft_state == RoundState.DRAFT
    assert round_.state_at(OPENS + timedelta(days=1)) == RoundState.OPEN
    assert twice.value.code == "already_announced"
    (entry,) = audit_entries("rounds.announce")
    assert entry.after == {"announced_at": (OPENS - timedelta(days=1)).isoformat()}


def test_close_now_refuses_a_draft(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    with pytest.raises(Conflict) as excinfo:
        lifecycle.close_round(round_, OPENS + timedelta(days=2))

    assert excinfo.value.code == "round_not_open"


def test_close_now_ends_an_open_round_and_is_audited_with_its_reason(bank):
    round_ = announced_round()
    moment = OPENS + timedelta(days=2)

    lifecycle.close_round(round_, moment, "  Sự cố mạng diện rộng ")

    assert (round_.closes_at, round_.closed_early_at) == (moment, moment)
    assert round_.state_at(moment) == RoundState.CLOSED
    (entry,) = audit_entries("rounds.close")
    assert entry.before == {"closes_at": "2026-12-07T16:59:00+00:00"}
    assert entry.after["closes_at"] == moment.isoformat()
    assert entry.reason == "Sự cố mạng diện rộng"


@pytest.mark.parametrize("days", [-1, 8])
def test_close_now_refuses_a_round_that_is_not_open(bank, days):
    round_ = announced_round()

    with pytest.raises(Conflict) as excinfo:
        lifecycle.close_round(round_, OPENS + timedelta(days=days))

    assert excinfo.value.code == "round_not_open"


def test_publish_sets_the_time_once_the_round_is_closed(bank):
    round_ = announced_round()
    after_close = OPENS + timedelta(days=8)

    with pytest.raises(Conflict) as too_early:
        lifecycle.publish_results(round_, OPENS + timedelta(days=1))
    lifecycle.publish_results(round_, after_close)
    with pytest.raises(Conflict) as twice:
        lifecycle.publish_results(round_, after_close)

    assert too_early.value.code == "round_not_closed"
    assert twice.value.code == "already_published"
    assert round_.results_published_at == after_close
    assert round_.state_at(after_close) == RoundState.PUBLISHED
    (entry,) = audit_entries("rounds.publish")
    assert entry.after == {"results_published_at": after_close.isoformat()}
