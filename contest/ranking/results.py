"""A candidate's result: what the round lets them see of a final attempt, and their rank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contest.accounts.models import User
from contest.attempts.marking.review import AttemptReview, attempt_review
from contest.ranking.board_access import candidate_rank


@dataclass(frozen=True)
class Result(AttemptReview):
    rank: int | None  # the candidate's rank in the round, when the leaderboard shows it to them


def attempt_result(attempt_id: int, user: User, now: datetime) -> Result:
    """The result of the user's own final attempt, as much as the round allows, with the rank."""
    seen = attempt_review(attempt_id, user, now)
    return Result(
        attempt=seen.attempt,
        score_visible=seen.score_visible,
        review=seen.review,
        review_after_close=seen.review_after_close,
        rank=candidate_rank(seen.attempt.round, user) if seen.score_visible else None,
    )
