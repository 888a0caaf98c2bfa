"""Item analysis against hand-computed figures; distribution; participation; collective ranking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contest.prizes.proposal import TierInput, define_prizes
from contest.rounds.models import RoundQuestion
from contest.statistics.distribution import participation_by_day, score_distribution
from contest.statistics.item_analysis import facility_by_topic_and_locality, item_analysis
from contest.statistics.unit_ranking import unit_ranking
from tests.contest.results_factories import (
    OPENS,
    answer,
    gen_attempt,
    gen_candidate,
    gen_contest,
    gen_org,
    gen_question,
    gen_round,
    show,
)

# Ten candidates c10 … c1 scoring 10 … 1. Q1 (key B) was answered as below; Q2 (key A) was
# not shown to c2 and c1. Upper group (27 % of 10 → 3): c10, c9, c8; lower: c3, c2, c1.
Q1_ANSWERS = {10: 2, 9: 2, 8: 1, 7: 2, 6: 1, 5: 0, 4: 1, 3: 1, 2: 1, 1: None}  # positions, B = 1
Q2_ANSWERS = {10: 0, 9: 0, 8: 0, 7: 3, 6: 0, 5: 3, 4: 0, 3: 3}


@pytest.fixture
def analysed(app):
    round_ = gen_round()
    q1, q2 = gen_question("Hiến pháp", correct=1), gen_question("Luật Đất đai", correct=0)
    xa_a, xa_b = gen_org("Xã A", "locality"), gen_org("Xã B", "locality")
    for score in range(10, 0, -1):
        user = gen_candidate(f"c{score}", locality_id=(xa_a if score > 5 else xa_b).id)
        attempt = gen_attempt(
            round_, user, score=score, submitted_at=OPENS + timedelta(hours=score)
        )
        show(attempt, q1, 1)
        answer(attempt, q1, Q1_ANSWERS[score])
        if score in Q2_ANSWERS:
            show(attempt, q2, 2)
            answer(attempt, q2, Q2_ANSWERS[score])
    return round_, q1, q2


def test_facility_is_the_share_of_right_answers_among_those_shown(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert (items[q1.id].shown, items[q1.id].correct, items[q1.id].facility) == (10, 5, 0.5)
    assert (items[q2.id].shown, items[q2.id].correct, items[q2.id].facility) == (8, 5, 0.625)


def test_discrimination_compares_the_top_and_bottom_27_percent(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert items[q1.id].p_upper == pytest.approx(1 / 3)
    assert items[q1.id].p_lower == pytest.approx(2 / 3)
    assert items[q1.id].discrimination == pytest.approx(-1 / 3)
    assert items[q1.id].suspicious
    assert (items[q2.id].p_upper, items[q2.id].p_lower, items[q2.id].discrimination) == (1, 0, 1)
    assert not items[q2.id].suspicious


def test_option_counts_and_blanks_are_counted_by_label(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert dict(items[q1.id].option_counts) == {"A": 1, "B": 5, "C": 3}
    assert (items[q1.id].blank, items[q1.id].key) == (1, "B")
    assert dict(items[q2.id].option_counts) == {"A": 5, "D": 3}
    assert (items[q2.id].blank, items[q2.id].key) == (0, "A")


def test_facility_by_topic_and_locality(analysed):
    round_, _, _ = analysed

    matrix = facility_by_topic_and_locality(round_)

    assert matrix["Hiến pháp"] == {"Xã A": 0.4, "Xã B": 0.6}
    assert matrix["Luật Đất đai"] == pytest.approx({"Xã A": 0.8, "Xã B": 1 / 3})


def test_score_distribution_counts_candidates_per_score(app):
    round_ = gen_round()
    for score in (7, 9, 7, 10):
        gen_attempt(round_, gen_candidate(), score=score)

    assert score_distribution(round_) == [(7, 2), (9, 1), (10, 1)]


def test_participation_by_day_uses_vietnam_dates(app):
    round_ = gen_round()
    late_evening_utc = OPENS.replace(hour=18)  # 01:00 the next day in Vietnam
    gen_attempt(round_, gen_candidate(), submitted_at=late_evening_utc)
    gen_attempt(round_, gen_candidate(), submitted_at=late_evening_utc - timedelta(hours=2))
    gen_attempt(round_, gen_candidate(), submitted_at=late_evening_utc + timedelta(hours=1))

    assert participation_by_day(round_) == [
        (date(2026, 11, 20), 1),
        (date(2026, 11, 21), 2),
    ]


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


def test_item_analysis_uses_the_round_fixed_questions_too(app):
    round_ = gen_round()
    q = gen_question()
    round_.fixed_questions = [RoundQuestion(question_id=q.id, position=1)]
    attempt = gen_attempt(round_, gen_candidate())
    show(attempt, q, 1)

    (item,) = item_analysis(round_)

    assert (item.shown, item.correct, item.blank, item.discrimination) == (1, 0, 1, None)
