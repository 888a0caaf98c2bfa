"""The ranking query: tie-break keys and their order, counted attempts, final attempts only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.ranking.order import round_ranking
from tests.contest.readers import ranking_lines
from tests.factories.accounts import gen_candidates
from tests.factories.attempts import gen_attempt, gen_prediction
from tests.factories.rounds import OPENS, gen_round

T0 = OPENS + timedelta(hours=2)


def test_higher_score_ranks_first(app):
    round_ = gen_round()
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=7)
    gen_attempt(round_, b, score=9)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_score_is_broken_by_shorter_duration(app):
    round_ = gen_round()
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=9, duration_ms=90_000)
    gen_attempt(round_, b, score=9, duration_ms=80_000)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_score_and_duration_is_broken_by_smaller_prediction_error(app):
    round_ = gen_round(
        prediction_question="Bao nhiêu bài?", prediction_target="attempts", prediction_actual=100
    )
    a, b, c = gen_candidates("An", "Bình", "Cường")
    for user, guess in ((a, 130), (b, 95), (c, None)):
        gen_attempt(round_, user, score=9, duration_ms=80_000)
        if guess is not None:
            gen_prediction(round_, user, guess)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False), ("Cường", 3, False)]


def test_equal_on_three_keys_is_broken_by_earlier_submission(app):
    round_ = gen_round()
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=9, duration_ms=80_000, submitted_at=T0 + timedelta(seconds=1))
    gen_attempt(round_, b, score=9, duration_ms=80_000, submitted_at=T0)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_on_every_key_shares_the_rank_and_skips_the_next(app):
    round_ = gen_round()
    a, b, c, d = gen_candidates("An", "Bình", "Cường", "Dũng")
    gen_attempt(round_, a, score=10, duration_ms=50_000, submitted_at=T0)
    gen_attempt(round_, b, score=9, duration_ms=60_000, submitted_at=T0)
    gen_attempt(round_, c, score=9, duration_ms=60_000, submitted_at=T0)
    gen_attempt(round_, d, score=8, duration_ms=60_000, submitted_at=T0)

    result = ranking_lines(round_)

    assert [rank for _, rank, _ in result] == [1, 2, 2, 4]
    assert [tied for *_, tied in result] == [False, True, True, False]
    assert {name for name, rank, _ in result if rank == 2} == {"Bình", "Cường"}


def test_tie_break_order_duration_first_puts_the_fastest_first(app):
    round_ = gen_round(tie_break=["duration", "score"])
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=10, duration_ms=90_000)
    gen_attempt(round_, b, score=6, duration_ms=30_000)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_tie_break_on_score_alone_ties_equal_scores_whatever_the_duration(app):
    round_ = gen_round(tie_break=["score"])
    a, b, c = gen_candidates("An", "Bình", "Cường")
    gen_attempt(round_, a, score=9, duration_ms=90_000)
    gen_attempt(round_, b, score=9, duration_ms=30_000)
    gen_attempt(round_, c, score=5)

    assert ranking_lines(round_) == [("Bình", 1, True), ("An", 1, True), ("Cường", 3, False)]


def test_tie_break_submit_time_before_prediction(app):
    round_ = gen_round(
        tie_break=["score", "submitted_at", "prediction_error"],
        prediction_target="attempts",
        prediction_actual=10,
    )
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=9, submitted_at=T0)
    gen_attempt(round_, b, score=9, submitted_at=T0 + timedelta(minutes=1))
    gen_prediction(round_, a, 50)
    gen_prediction(round_, b, 10)

    assert ranking_lines(round_) == [("An", 1, False), ("Bình", 2, False)]


def test_unknown_tie_break_key_is_refused(app):
    round_ = gen_round(tie_break=["score", "luck"])
    with pytest.raises(InvalidInput):
        round_ranking(round_)


def test_counted_attempt_best_takes_the_best_by_the_tie_break_order(app):
    round_ = gen_round(max_attempts=3, counted_attempt="best")
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=6)
    gen_attempt(round_, a, score=9, duration_ms=70_000)
    gen_attempt(round_, a, score=9, duration_ms=65_000)
    gen_attempt(round_, b, score=8)

    rows = db.session.execute(round_ranking(round_)).mappings().all()

    best = next(r for r in rows if r["user_id"] == a.id)
    assert (best["rank"], best["score"], best["duration_ms"]) == (1, 9, 65_000)
    assert len(rows) == 2


def test_counted_attempt_first_takes_the_first_final_attempt(app):
    round_ = gen_round(max_attempts=3, counted_attempt="first")
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=5)
    gen_attempt(round_, a, score=10)
    gen_attempt(round_, b, score=7)

    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_counted_attempt_last_takes_the_last_final_attempt_not_the_one_in_progress(app):
    round_ = gen_round(max_attempts=3, counted_attempt="last")
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=10)
    gen_attempt(round_, a, score=4, status="expired")
    gen_attempt(round_, a, score=None, status="in_progress")
    gen_attempt(round_, b, score=7)

    rows = {r["user_id"]: r for r in db.session.execute(round_ranking(round_)).mappings()}

    assert rows[a.id]["score"] == 4
    assert ranking_lines(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_only_final_attempts_are_ranked(app):
    round_ = gen_round()
    a, b = gen_candidates("An", "Bình")
    gen_attempt(round_, a, score=None, status="in_progress")
    gen_attempt(round_, b, score=3, status="expired")

    assert ranking_lines(round_) == [("Bình", 1, False)]
