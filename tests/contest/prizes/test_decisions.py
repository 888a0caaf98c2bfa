"""The judges' decisions: exclusions with a reason, approvals by two judges, the lock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.prizes.decisions import approve, exclude, reinstate
from contest.prizes.models import PrizeStatus
from contest.prizes.prize_list import checksum
from contest.prizes.proposal import TierInput, define_prizes, propose
from contest.ranking.snapshots.state import mark_stale
from tests.contest.readers import prize_lines
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, OPENS, gen_round
from tests.factories.scenes import gen_field, gen_locked_list

T0 = OPENS + timedelta(hours=2)


def judges(make_user):
    return make_user("judge"), make_user("judge")


def test_boundary_tie_blocks_approval_until_the_tier_is_widened(app, now, make_user):
    round_ = gen_round(tie_break=["score"])
    gen_field([10, 9, 9, 5], round_)
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)]
    )
    first, second = judges(make_user)

    with pytest.raises(Conflict) as refused:
        approve(result, first)
    assert refused.value.code == "unresolved_ties"

    define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)])
    approve(result, first)
    approve(result, second)
    assert result.is_locked


def test_exclusion_needs_a_written_reason(app, now, make_user):
    round_, users = gen_field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])

    with pytest.raises(InvalidInput):
        exclude(result, users[0].id, "  ngắn ", make_user("judge"))


def test_excluded_candidate_is_replaced_by_the_next_and_the_reason_is_audited(app, now, make_user):
    round_, users = gen_field([10, 9, 8])
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)]
    )
    judge = make_user("judge")

    exclude(result, users[0].id, "Trùng CCCD với tài khoản khác", judge)

    assert prize_lines(result) == [
        ("Thí sinh 2", "Giải nhất", 2, False),
        ("Thí sinh 3", "Giải nhì", 3, False),
    ]
    entry = db.session.query(AuditEntry).filter_by(action="prize.exclude").one()
    assert (entry.actor_id, entry.reason, entry.after) == (
        judge.id,
        "Trùng CCCD với tài khoản khác",
        {"user_id": users[0].id},
    )


def test_reinstated_candidate_gets_the_prize_back(app, now, make_user):
    round_, users = gen_field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    judge = make_user("judge")
    exclude(result, users[0].id, "Nghi vấn gian lận IP", judge)

    reinstate(result, users[0].id, "Đã xác minh, không gian lận", judge)

    assert prize_lines(result) == [("Thí sinh 1", "Giải nhất", 1, False)]


def test_two_different_judges_lock_the_list(app, now, make_user):
    round_, _ = gen_field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    first, second = judges(make_user)

    approve(result, first)
    assert not result.is_locked
    approve(result, second)

    assert result.is_locked
    assert result.status == PrizeStatus.LOCKED
    assert result.sha256 == checksum(result) == result.proposal_sha256
    assert db.session.query(AuditEntry).filter_by(action="prize.lock").count() == 1


def test_the_same_judge_twice_does_not_lock(app, now, make_user):
    round_, _ = gen_field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    judge = make_user("judge")
    approve(result, judge)

    with pytest.raises(Conflict) as refused:
        approve(result, judge)

    assert refused.value.code == "already_approved"
    assert not result.is_locked


def test_approvals_of_an_earlier_proposal_do_not_count(app, now, make_user):
    round_, users = gen_field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    first, second = judges(make_user)
    approve(result, first)
    exclude(result, users[0].id, "Vi phạm thể lệ cuộc thi", second)

    approve(result, second)

    assert not result.is_locked


def test_approval_is_refused_when_the_ranking_changed_since_the_proposal(app, now, make_user):
    round_, users = gen_field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    db.session.get(type(users[0]), users[1].id)
    late = gen_candidate("Người đến sau")
    gen_attempt(round_, late, score=10, duration_ms=1, submitted_at=T0)

    mark_stale(round_)

    with pytest.raises(Conflict) as refused:
        approve(result, make_user("judge"))
    assert refused.value.code == "proposal_outdated"


def test_approval_waits_for_the_close(app, now, make_user):
    round_, _ = gen_field([10])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    now(CLOSES - timedelta(minutes=5))

    with pytest.raises(Conflict) as refused:
        approve(result, make_user("judge"))
    assert refused.value.code == "round_not_closed"


def test_locked_list_refuses_every_change_in_the_service(app, now, make_user):
    round_, users, result = gen_locked_list(make_user)
    judge = make_user("judge")

    for action in (
        lambda: propose(result),
        lambda: exclude(result, users[0].id, "Lý do đủ dài để ghi", judge),
        lambda: define_prizes(round_.contest, round_, [TierInput("Giải nhất", 2)]),
        lambda: approve(result, judge),
    ):
        with pytest.raises(Conflict) as refused:
            action()
        assert refused.value.code == "result_locked"
