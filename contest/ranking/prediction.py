"""The true value of a round's prediction question, which the prediction error is measured from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select

from contest.attempts.models import Attempt
from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.ranking.order import FINAL_STATUSES
from contest.ranking.snapshots.state import mark_stale
from contest.rounds.models import PredictionTarget, Round


def compute_prediction_actual(round: Round) -> int:
    """The true value of the round's prediction target, counted from the final attempts."""
    final = and_(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
    perfect = perfect_attempt(round)
    target = round.prediction_target
    if target == PredictionTarget.ATTEMPTS:
        query = select(func.count()).where(final)
    elif target == PredictionTarget.CANDIDATES:
        query = select(func.count(func.distinct(Attempt.user_id))).where(final)
    elif target == PredictionTarget.PERFECT_CANDIDATES:
        query = select(func.count(func.distinct(Attempt.user_id))).where(final, perfect)
    else:
        query = select(func.count()).where(final, perfect)
    return int(db.session.scalar(query) or 0)


def perfect_attempt(round: Round):
    """Every answer right: correct_count equals the question count, or score equals max_score."""
    conditions = [and_(Attempt.max_score > 0, Attempt.score >= Attempt.max_score)]
    if round.question_count:
        conditions.append(Attempt.correct_count == round.question_count)
    return or_(*conditions)


def ensure_prediction_actual(round: Round, now: datetime | None = None) -> int | None:
    """Compute and store the prediction target once the round has closed (lazily, once)."""
    now = now or utcnow()
    if round.prediction_target is None or round.prediction_actual is not None:
        return round.prediction_actual
    if now < round.closes_at:
        return None
    round.prediction_actual = compute_prediction_actual(round)
    mark_stale(round)
    db.session.flush()
    return round.prediction_actual


def recompute_prediction_actual(round: Round) -> int:
    """A judge's recount of the prediction target (audit-logged); snapshots are rebuilt."""
    if round.prediction_target is None:
        raise InvalidInput.for_fields({"prediction_target": "Tuần thi không có câu hỏi dự đoán."})
    before = round.prediction_actual
    round.prediction_actual = compute_prediction_actual(round)
    audit.record(
        "round.prediction_recomputed",
        "round",
        round.id,
        before={"prediction_actual": before},
        after={"prediction_actual": round.prediction_actual},
    )
    mark_stale(round)
    db.session.flush()
    return round.prediction_actual
