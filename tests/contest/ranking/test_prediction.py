"""The prediction target: counted from final attempts after the close, kept, recounted."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.prediction import ensure_prediction_actual, recompute_prediction_actual
from contest.ranking.snapshots.build import current_snapshot
from tests.factories.accounts import gen_candidate, gen_candidates
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, gen_round


def _prediction_round(target):
    round_ = gen_round(prediction_question="Dự đoán?", prediction_target=target)
    perfect, good, other = gen_candidates("Hoàn hảo", "Giỏi", "Khác")
    gen_attempt(round_, perfect, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, perfect, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, good, score=9, max_score=10, correct_count=9)
    gen_attempt(round_, good, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, other, score=4, max_score=10, correct_count=4)
    gen_attempt(round_, other, score=None, status="in_progress")
    return round_


@pytest.mark.parametrize(
    ("target", "expected"),
    [("attempts", 5), ("candidates", 3), ("perfect_candidates", 2), ("perfect_attempts", 3)],
)
def test_prediction_target_is_counted_from_final_attempts(app, now, target, expected):
    round_ = _prediction_round(target)
    now(CLOSES + timedelta(minutes=1))

    assert ensure_prediction_actual(round_) == expected
    assert round_.prediction_actual == expected


def test_prediction_target_is_not_computed_before_the_close(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES - timedelta(minutes=1))

    assert ensure_prediction_actual(round_) is None
    assert round_.prediction_actual is None


def test_prediction_target_is_computed_once_and_kept(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES + timedelta(minutes=1))
    ensure_prediction_actual(round_)
    gen_attempt(round_, gen_candidate(), score=1)

    assert ensure_prediction_actual(round_) == 5


def test_judge_recompute_of_the_prediction_target_is_audited_and_rebuilds(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES + timedelta(minutes=1))
    current_snapshot(round_)  # scores the abandoned attempt too: six final attempts
    gen_attempt(round_, gen_candidate(), score=1, status="expired")

    assert recompute_prediction_actual(round_) == 7
    entry = db.session.query(AuditEntry).filter_by(action="round.prediction_recomputed").one()
    assert (entry.before, entry.after) == ({"prediction_actual": 6}, {"prediction_actual": 7})
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)).stale
