"""Prizes: allocation, boundary ties, exclusions, group quotas, the two-judge lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.prizes.decisions import approve, exclude, reinstate
from contest.prizes.models import PrizeAward, PrizeResult, PrizeStatus
from contest.prizes.prize_list import checksum, prize_headers, prize_rows
from contest.prizes.proposal import TierInput, define_prizes, propose
from contest.ranking.snapshot_state import mark_stale
from tests.contest.results_factories import (
    CLOSES,
    OPENS,
    gen_attempt,
    gen_candidate,
    gen_contest,
    gen_group,
    gen_round,
    join,
)

T0 = OPENS + timedelta(hours=2)


def field(scores, round_=None):
    """Candidates named by their score, with distinct durations unless a score repeats."""
    round_ = round_ or gen_round()
    users = []
    for i, score in enumerate(scores):
        user = gen_candidate(f"Thí sinh {i + 1}")
        gen_attempt(round_, user, score=score, duration_ms=60_000 + i, submitted_at=T0)
        users.append(user)
    return round_, users


def lines(result):
    return [
        (a.full_name, a.tier.name if a.tier else None, a.rank, a.boundary_tie)
        for a in sorted(result.awards, key=lambda a: a.position)
    ]


def judges(make_user):
    return make_user("judge"), make_user("judge")


def test_proposal_fills_the_tiers_in_ranking_order(app, now):
    round_, _ = field([10, 9, 8, 7, 6])

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, False),
        ("Thí sinh 2", "Giải nhì", 2, False),
        ("Thí sinh 3", "Giải nhì", 3, False),
    ]
    assert result.proposal_sha256
    assert result.status == PrizeStatus.DRAFT


def test_tie_at_the_last_prize_is_flagged_and_the_tied_runner_up_listed(app, now):
    round_ = gen_round(tie_break=["score"])
    field([10, 9, 9, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)]
    )

    assert lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, False),
        ("Thí sinh 2", "Giải nhì", 2, True),
        ("Thí sinh 3", None, 2, True),
    ]


def test_tie_across_two_tiers_is_flagged(app, now):
    round_ = gen_round(tie_break=["score"])
    field([10, 10, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, True),
        ("Thí sinh 2", "Giải nhì", 1, True),
        ("Thí sinh 3", "Giải nhì", 3, False),
    ]


def test_tie_inside_one_tier_is_not_a_problem(app, now):
    round_ = gen_round(tie_break=["score"])
    field([10, 9, 9, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert [tie for *_, tie in lines(result)] == [False, False, False]


def test_boundary_tie_blocks_approval_until_the_tier_is_widened(app, now, make_user):
    round_ = gen_round(tie_break=["score"])
    field([10, 9, 9, 5], round_)
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
    round_, users = field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])

    with pytest.raises(InvalidInput):
        exclude(result, users[0].id, "  ngắn ", make_user("judge"))


def test_excluded_candidate_is_replaced_by_the_next_and_the_reason_is_audited(app, now, make_user):
    round_, users = field([10, 9, 8])
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)]
    )
    judge = make_user("judge")

    exclude(result, users[0].id, "Trùng CCCD với tài khoản khác", judge)

    assert lines(result) == [
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
    round_, users = field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    judge = make_user("judge")
    exclude(result, users[0].id, "Nghi vấn gian lận IP", judge)

    reinstate(result, users[0].id, "Đã xác minh, không gian lận", judge)

    assert lines(result) == [("Thí sinh 1", "Giải nhất", 1, False)]


def test_group_tiers_are_allocated_within_each_group(app, now):
    contest = gen_contest()
    round_ = gen_round(contest)
    pupils, officials = gen_group(contest, "Học sinh"), gen_group(contest, "Cán bộ")
    _, users = field([10, 9, 8, 7, 6], round_)
    for user, group in zip(users, (officials, officials, pupils, officials, pupils), strict=True):
        join(contest, user, group)

    result = define_prizes(
        contest,
        round_,
        [
            TierInput("Giải nhất (cán bộ)", 1, officials.id),
            TierInput("Giải nhì (cán bộ)", 1, officials.id),
            TierInput("Giải nhất (học sinh)", 1, pupils.id),
        ],
    )

    assert [(name, tier, rank) for name, tier, rank, _ in lines(result)] == [
        ("Thí sinh 1", "Giải nhất (cán bộ)", 1),
        ("Thí sinh 2", "Giải nhì (cán bộ)", 2),
        ("Thí sinh 3", "Giải nhất (học sinh)", 1),
    ]


def test_one_prize_per_person_skips_winners_of_another_locked_list(app, now, make_user):
    contest = gen_contest()
    week1, week2 = gen_round(contest), gen_round(contest)
    star, second, third = (gen_candidate(n) for n in ("Ngôi sao", "Thứ hai", "Thứ ba"))
    for round_ in (week1, week2):
        for user, score in ((star, 10), (second, 9), (third, 8)):
            gen_attempt(round_, user, score=score)
    first_list = define_prizes(contest, week1, [TierInput("Giải nhất", 1)])
    for judge in judges(make_user):
        approve(first_list, judge)

    second_list = define_prizes(contest, week2, [TierInput("Giải nhất", 1)])
    assert [a.full_name for a in second_list.awards] == ["Thứ hai"]

    allowed = define_prizes(contest, week2, [TierInput("Giải nhất", 1)], one_prize_per_person=False)
    assert [a.full_name for a in allowed.awards] == ["Ngôi sao"]


def test_contest_list_ranks_across_rounds(app, now):
    contest = gen_contest()
    week1, week2 = gen_round(contest), gen_round(contest)
    a, b = gen_candidate("An"), gen_candidate("Bình")
    gen_attempt(week1, a, score=10)
    gen_attempt(week1, b, score=6)
    gen_attempt(week2, b, score=7)

    result = define_prizes(contest, None, [TierInput("Giải toàn cuộc thi", 1)])

    assert [(x.full_name, x.score) for x in result.awards] == [("Bình", 13)]


def test_two_different_judges_lock_the_list(app, now, make_user):
    round_, _ = field([10, 9])
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
    round_, _ = field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    judge = make_user("judge")
    approve(result, judge)

    with pytest.raises(Conflict) as refused:
        approve(result, judge)

    assert refused.value.code == "already_approved"
    assert not result.is_locked


def test_approvals_of_an_earlier_proposal_do_not_count(app, now, make_user):
    round_, users = field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    first, second = judges(make_user)
    approve(result, first)
    exclude(result, users[0].id, "Vi phạm thể lệ cuộc thi", second)

    approve(result, second)

    assert not result.is_locked


def test_approval_is_refused_when_the_ranking_changed_since_the_proposal(app, now, make_user):
    round_, users = field([10, 9])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    db.session.get(type(users[0]), users[1].id)
    late = gen_candidate("Người đến sau")
    gen_attempt(round_, late, score=10, duration_ms=1, submitted_at=T0)

    mark_stale(round_)

    with pytest.raises(Conflict) as refused:
        approve(result, make_user("judge"))
    assert refused.value.code == "proposal_outdated"


def test_approval_waits_for_the_close(app, now, make_user):
    round_, _ = field([10])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    now(CLOSES - timedelta(minutes=5))

    with pytest.raises(Conflict) as refused:
        approve(result, make_user("judge"))
    assert refused.value.code == "round_not_closed"


def _locked(make_user):
    round_, users = field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    for judge in judges(make_user):
        approve(result, judge)
    db.session.commit()
    return round_, users, result


def test_locked_list_refuses_every_change_in_the_service(app, now, make_user):
    round_, users, result = _locked(make_user)
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


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE prize_result SET sha256 = 'x'",
        "DELETE FROM prize_result",
        "UPDATE prize_award SET rank = 99",
        "DELETE FROM prize_award",
        "UPDATE prize_tier SET count = 5",
        "INSERT INTO prize_exclusion (result_id, user_id, reason, judge_id, at) "
        "SELECT id, 1, 'x', 1, CURRENT_TIMESTAMP FROM prize_result",
    ],
)
def test_locked_list_refuses_every_change_in_the_database(app, now, make_user, statement):
    _locked(make_user)

    with pytest.raises(DatabaseError):
        db.session.execute(text(statement))
    db.session.rollback()


def test_draft_lists_stay_editable_in_the_database(app, now):
    round_, _ = field([10, 9])
    define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    db.session.commit()

    db.session.execute(text("UPDATE prize_award SET rank = 99"))
    assert db.session.query(PrizeAward).one().rank == 99
    assert db.session.query(PrizeResult).count() == 1


def test_checksum_is_the_sha256_of_the_canonical_csv(app, now, make_user):
    import hashlib

    from contest.core import export_writer

    _, _, result = _locked(make_user)
    body = export_writer.canonical_csv(prize_headers(), prize_rows(result))

    assert hashlib.sha256(body).hexdigest() == result.sha256
    assert body.decode().splitlines()[1].startswith("1,Giải nhất,,1,Thí sinh 1,")
