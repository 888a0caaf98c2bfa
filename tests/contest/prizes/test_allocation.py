"""Allocation: tiers filled in ranking order, boundary ties flagged, group quotas, one prize
per person, the contest's list across rounds."""

from __future__ import annotations

from contest.prizes.decisions import approve
from contest.prizes.models import PrizeStatus
from contest.prizes.proposal import (
    TierInput,
    define_prizes,
)
from tests.contest.readers import prize_lines
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_contest, gen_group, gen_participation, gen_round
from tests.factories.scenes import gen_field


def test_proposal_fills_the_tiers_in_ranking_order(app, now):
    round_, _ = gen_field([10, 9, 8, 7, 6])

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert prize_lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, False),
        ("Thí sinh 2", "Giải nhì", 2, False),
        ("Thí sinh 3", "Giải nhì", 3, False),
    ]
    assert result.proposal_sha256
    assert result.status == PrizeStatus.DRAFT


def test_tie_at_the_last_prize_is_flagged_and_the_tied_runner_up_listed(app, now):
    round_ = gen_round(tie_break=["score"])
    gen_field([10, 9, 9, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)]
    )

    assert prize_lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, False),
        ("Thí sinh 2", "Giải nhì", 2, True),
        ("Thí sinh 3", None, 2, True),
    ]


def test_tie_across_two_tiers_is_flagged(app, now):
    round_ = gen_round(tie_break=["score"])
    gen_field([10, 10, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert prize_lines(result) == [
        ("Thí sinh 1", "Giải nhất", 1, True),
        ("Thí sinh 2", "Giải nhì", 1, True),
        ("Thí sinh 3", "Giải nhì", 3, False),
    ]


def test_tie_inside_one_tier_is_not_a_problem(app, now):
    round_ = gen_round(tie_break=["score"])
    gen_field([10, 9, 9, 5], round_)

    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )

    assert [tie for *_, tie in prize_lines(result)] == [False, False, False]


def test_group_tiers_are_allocated_within_each_group(app, now):
    contest = gen_contest()
    round_ = gen_round(contest)
    pupils, officials = gen_group(contest, "Học sinh"), gen_group(contest, "Cán bộ")
    _, users = gen_field([10, 9, 8, 7, 6], round_)
    for user, group in zip(users, (officials, officials, pupils, officials, pupils), strict=True):
        gen_participation(contest, user, group)

    result = define_prizes(
        contest,
        round_,
        [
            TierInput("Giải nhất (cán bộ)", 1, officials.id),
            TierInput("Giải nhì (cán bộ)", 1, officials.id),
            TierInput("Giải nhất (học sinh)", 1, pupils.id),
        ],
    )

    assert [(name, tier, rank) for name, tier, rank, _ in prize_lines(result)] == [
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
    for judge in (make_user("judge"), make_user("judge")):
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


def test_a_tier_count_is_walked_not_listed(app, now):
    """A count the database holds but no list could (2³¹−1 slots) still allocates at once."""
    import tracemalloc

    from contest.prizes.allocation import allocate

    round_, _ = gen_field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    result.tiers[0].count = 2**31 - 1
    tracemalloc.start()
    awards = allocate(result)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [a.rank for a in awards] == [1, 2, 3]
    assert peak < 50 * 2**20


def test_the_service_refuses_a_tier_beyond_the_maximum(app, now):
    import pytest

    from contest.core.errors import InvalidInput
    from contest.prizes.proposal import MAX_PRIZES

    round_, _ = gen_field([10])
    with pytest.raises(InvalidInput) as refused:
        define_prizes(round_.contest, round_, [TierInput("Giải nhất", MAX_PRIZES + 1)])
    assert "tiers[0].count" in refused.value.details["fields"]
