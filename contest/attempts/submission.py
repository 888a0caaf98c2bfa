"""Submitting an attempt, with the round's prediction locked at the candidate's first submission."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.accounts.models import User
from contest.attempts.marking import grading
from contest.attempts.models import Attempt, AttemptStatus, RoundPrediction
from contest.attempts.own_attempts import lock_own_attempt
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db

MAX_PREDICTION = 2_000_000_000


class PredictionLocked(Conflict):
    code = "prediction_locked"


def submit_attempt(attempt_id: int, user: User, prediction: Any, now: datetime) -> Attempt:
    """Submit and score the attempt; a repeat (double click, retry) returns the same result.

    Arriving after the deadline and its grace, the submission finds the attempt expired and
    scored from what was saved in time; its prediction is not recorded.
    """
    attempt, now = lock_own_attempt(attempt_id, user, now)
    if attempt.is_final:
        return attempt
    if grading.is_overdue(attempt, now):
        grading.finalize_overdue([attempt], now)
        return attempt
    value, lock = _prediction(attempt, user, prediction, now)
    claimed = grading.finalize([attempt], AttemptStatus.SUBMITTED, now, prediction=value)
    if claimed and lock is not None:
        db.session.add(lock)
        db.session.flush()
    return attempt


def locked_prediction(round_id: int, user: User) -> RoundPrediction | None:
    return db.session.get(RoundPrediction, (round_id, user.id))


def _prediction(
    attempt: Attempt, user: User, raw: Any, now: datetime
) -> tuple[int | None, RoundPrediction | None]:
    """The prediction this submission carries, and the lock to create if it is the first."""
    if not attempt.round.prediction_question:
        return None, None
    value = parse_prediction(raw)
    locked = locked_prediction(attempt.round_id, user)
    if locked is not None:
        if value is not None and value != locked.value:
            raise PredictionLocked(
                _l(
                    "Dự đoán của bạn đã được ghi nhận ở lần nộp bài đầu tiên (%(n)s) "
                    "và không thể thay đổi.",
                    n=locked.value,
                ),
                details={"prediction": locked.value},
            )
        return locked.value, None
    if value is None:
        raise InvalidInput.for_fields(
            {
                "prediction": str(
                    _l("Vui lòng trả lời câu hỏi dự đoán (một số nguyên từ 0 trở lên).")
                )
            }
        )
    lock = RoundPrediction(
        round_id=attempt.round_id,
        user_id=user.id,
        value=value,
        locked_at=now,
        attempt_id=attempt.id,
    )
    return value, lock


def parse_prediction(raw: Any) -> int | None:
    """An integer ≥ 0 from JSON or a form field; None when absent; InvalidInput otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _bad_prediction()
    if isinstance(raw, str):
        text = raw.strip()
        if not (text.isascii() and text.isdigit()):
            raise _bad_prediction()
        raw = int(text)
    if not 0 <= raw <= MAX_PREDICTION:
        raise _bad_prediction()
    return raw


def _bad_prediction() -> InvalidInput:
    return InvalidInput.for_fields(
        {"prediction": str(_l("Dự đoán phải là một số nguyên từ 0 trở lên."))}
    )
