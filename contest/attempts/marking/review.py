"""What the round's review policy lets a candidate see of a final attempt: score and review.

The review policy is a ladder: `never` shows neither score nor answers until the results are
published; `score_only` shows the score; `after_close` shows the score, and once the round is
closed each question with the candidate's answer, the correct one, the explanation and the
legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.accounts.models import User
from contest.attempts.marking import grading
from contest.attempts.marking.scoring import score_item
from contest.attempts.models import Attempt, AttemptQuestion
from contest.attempts.own_attempts import load_own_attempt
from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.rounds.models import ReviewPolicy, Round, RoundState
from questions.models import QuestionVersion


class AttemptInProgress(Conflict):
    code = "attempt_in_progress"
    default_message = _l("Bài thi chưa kết thúc: hãy nộp bài hoặc chờ hết giờ để xem kết quả.")


@dataclass(frozen=True)
class ReviewOption:
    id: int
    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True)
class ReviewItem:
    question_id: int
    position: int
    text: str
    qtype: str
    options: list[ReviewOption]
    chosen: list[int]
    correct: list[int]
    answer_text: str | None  # fill-in: what the candidate typed
    accepted_answers: list[str]  # fill-in: the answers that count
    is_correct: bool
    points: float
    max_points: float
    explanation: str | None
    legal_basis: str | None

    @property
    def fill_in(self) -> bool:
        return self.qtype == "fill_in"


@dataclass(frozen=True)
class AttemptReview:
    """A final attempt as the round lets its candidate see it."""

    attempt: Attempt
    score_visible: bool
    review: list[ReviewItem] | None
    review_after_close: bool  # a review will be shown once the round closes


def attempt_review(attempt_id: int, user: User, now: datetime) -> AttemptReview:
    """The user's own final attempt with as much of its score and review as the round allows."""
    attempt = load_own_attempt(attempt_id, user, now)
    if not attempt.is_final:
        raise AttemptInProgress()
    round_ = attempt.round
    state = round_.state_at(now)
    closed = state in (RoundState.CLOSED, RoundState.PUBLISHED)
    policy = round_.review_policy
    show_review = policy == ReviewPolicy.AFTER_CLOSE and closed
    return AttemptReview(
        attempt=attempt,
        score_visible=score_visible(round_, now),
        review=review_items(attempt) if show_review else None,
        review_after_close=policy == ReviewPolicy.AFTER_CLOSE and not closed,
    )


def score_visible(round_: Round, now: datetime) -> bool:
    """Whether candidates may see their score in this round yet."""
    return (
        round_.review_policy != ReviewPolicy.NEVER or round_.state_at(now) == RoundState.PUBLISHED
    )


def review_items(attempt: Attempt) -> list[ReviewItem]:
    """Each question as shown, with the candidate's choice and the key of that version."""
    items = db.session.scalars(
        select(AttemptQuestion)
        .where(AttemptQuestion.attempt_id == attempt.id)
        .order_by(AttemptQuestion.position)
        .options(selectinload(AttemptQuestion.version).selectinload(QuestionVersion.options))
    ).all()
    keys = grading.item_keys(item.version_id for item in items)
    choices = grading.saved_choices([attempt.id])[attempt.id]
    typed = grading.saved_texts([attempt.id])[attempt.id]
    rules = grading.scoring_rules(attempt.round)
    review = []
    for item in items:
        key = keys[item.version_id]
        chosen = sorted(choices.get(item.question_id, []))
        answer_text = typed.get(item.question_id)
        scored = score_item(key, chosen, rules, answer_text)
        texts = {option.id: option.text for option in item.version.options}
        review.append(
            ReviewItem(
                question_id=item.question_id,
                position=item.position,
                text=item.version.text,
                qtype=key.qtype,
                options=[
                    ReviewOption(oid, texts[oid], oid in chosen, oid in key.correct)
                    for oid in item.option_order
                ],
                chosen=chosen,
                correct=sorted(key.correct),
                answer_text=answer_text,
                accepted_answers=list(key.accepted),
                is_correct=scored.is_correct,
                points=float(scored.points),
                max_points=float(scored.max_points),
                explanation=item.version.explanation,
                legal_basis=item.version.legal_basis,
            )
        )
    return review
