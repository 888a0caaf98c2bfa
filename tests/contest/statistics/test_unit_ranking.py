"""The collective ranking of units and localities: by participants, or by participation rate."""

from __future__ import annotations

import pytest

from contest.prizes.proposal import TierInput, define_prizes
from contest.statistics.unit_ranking import unit_ranking
from tests.factories.accounts import gen_candidate, gen_org
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_contest, gen_round


def _units(app):
    contest = gen_contest()
    round_ = gen_round(contest)
    justice = gen_org("Sở Tư pháp", headcount=10)
    school = gen_org("Trường THPT Chu Văn An", headcount=100)
    gen_org("UBND xã Bình An", headcount=5)
    people = [gen_candidate(unit_id=justice.id) for _ in range(3)] + [
        gen_candidate(unit_id=school.id) for _ in range(4)
    ]
    for i, user in enumerate(people):
        gen_attempt(round_, user, score=10 - i)
    gen_attempt(round_, people[0], score=2)
    return contest, round_


def test_units_ranked_by_participants_with_attempts_average_and_rate(app):
    contest, round_ = _units(app)
    define_prizes(contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 1)])

    lines = unit_ranking(contest, round_, "unit")

    assert [(u.rank, u.name, u.participants, u.attempts, u.winners) for u in lines] == [
        (1, "Trường THPT Chu Văn An", 4, 4, 0),
        (2, "Sở Tư pháp", 3, 4, 2),
        (3, "UBND xã Bình An", 0, 0, 0),
    ]
    assert lines[1].average_score == pytest.approx(9)  # counted attempts 10, 9, 8
    assert lines[1].participation_rate == pytest.approx(30)
    assert lines[0].participation_rate == pytest.approx(4)


def test_units_ranked_by_participation_rate(app):
    contest, round_ = _units(app)

    lines = unit_ranking(contest, None, "unit", order="participation_rate")

    assert [u.name for u in lines] == ["Sở Tư pháp", "Trường THPT Chu Văn An", "UBND xã Bình An"]
