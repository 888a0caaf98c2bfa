"""How results are spread: candidates per score, final attempts per day in Vietnam time."""

from __future__ import annotations

from datetime import date, timedelta

from contest.statistics.distribution import participation_by_day, score_distribution
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import OPENS, gen_round


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
