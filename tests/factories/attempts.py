"""Attempts built directly (final or in progress), the questions they showed, their answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.attempts.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    RoundPrediction,
)
from contest.core.extensions import db
from contest.rounds.models import Round


def gen_attempt(
    round_: Round,
    user: User,
    *,
    score: float | None = 10,
    duration_ms: int | None = 60_000,
    submitted_at: datetime | None = None,
    status: str = "submitted",
    max_score: float = 10,
    correct_count: int | None = None,
    number: int | None = None,
    prediction: int | None = None,
    **fields,
) -> Attempt:
    """The user's next attempt at the round, submitted an hour after it opened unless told."""
    if number is None:
        number = 1 + db.session.scalar(
            select(func.count()).where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
        )
    started_at = fields.pop("started_at", None)
    if submitted_at is None:
        submitted_at = (
            started_at + timedelta(milliseconds=duration_ms or 0)
            if started_at
            else round_.opens_at + timedelta(hours=1)
        )
    started_at = started_at or submitted_at - timedelta(milliseconds=duration_ms or 0)
    seed = fields.pop("seed", number)
    attempt = Attempt(
        round_id=round_.id,
        user_id=user.id,
        number=number,
        status=AttemptStatus(status),
        seed=seed,
        started_at=started_at,
        deadline=started_at + timedelta(seconds=round_.time_limit_seconds),
        submitted_at=submitted_at if status == "submitted" else None,
        finalized_at=submitted_at if status != "in_progress" else None,
        score=score,
        max_score=max_score,
        duration_ms=duration_ms,
        prediction=prediction,
        correct_count=correct_count,
        **fields,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def gen_first_start(round_: Round, user: User, at: datetime) -> Attempt:
    """What the attempt service leaves behind at a first start: an attempt, the round frozen."""
    round_.settings_frozen_at = at
    attempt = Attempt(
        round_id=round_.id,
        user_id=user.id,
        number=1,
        seed=5,
        started_at=at,
        deadline=at + timedelta(minutes=20),
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def gen_prediction(round_: Round, user: User, value: int) -> RoundPrediction:
    prediction = RoundPrediction(
        round_id=round_.id, user_id=user.id, value=value, locked_at=round_.opens_at
    )
    db.session.add(prediction)
    db.session.flush()
    return prediction


def gen_attempt_question(
    attempt: Attempt, question, position: int, option_order: list[int] | None = None
) -> AttemptQuestion:
    """The attempt showed a question (its current version) in a position."""
    version = question.current
    row = AttemptQuestion(
        attempt_id=attempt.id,
        question_id=question.id,
        version_id=version.id,
        position=position,
        option_order=option_order or [o.id for o in version.options],
    )
    db.session.add(row)
    db.session.flush()
    return row


def gen_answer(
    attempt: Attempt,
    question,
    positions: tuple[int, ...] | int | None,
    *,
    saved_at: datetime | None = None,
    version=None,
) -> Answer:
    """The options at these positions (of the version shown) saved as the attempt's answer."""
    version = version or question.current
    chosen = (
        () if positions is None else ((positions,) if isinstance(positions, int) else positions)
    )
    row = Answer(
        attempt_id=attempt.id,
        question_id=question.id,
        option_ids=[version.options[p].id for p in chosen],
        saved_at=saved_at or attempt.started_at + timedelta(seconds=5),
    )
    db.session.add(row)
    db.session.flush()
    return row
