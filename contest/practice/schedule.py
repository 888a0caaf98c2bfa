"""Spaced repetition: a Leitner schedule of five boxes, on the platform clock.

Every answer moves the candidate's card for the question: a right one one box up (a new card
starts from box 1, so it lands in box 2; at most box 5), a wrong one back to box 1. A card is
due again once the interval of its box has passed since the answer:

    box 1: 10 minutes   (a miss comes back in the next session, not in the same breath)
    box 2: 1 day
    box 3: 3 days
    box 4: 7 days
    box 5: 21 days

A new session serves the cards that are due first (earliest first), then questions never
practised, then cards not yet due (earliest first) when the topics have nothing else.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from contest.practice.models import PracticeCard

INTERVALS = {
    1: timedelta(minutes=10),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=21),
}
TOP_BOX = max(INTERVALS)


def next_box(box: int | None, correct: bool) -> int:
    """The box after an answer: one up when right (a new card enters box 2), box 1 when wrong."""
    if not correct:
        return 1
    return min((box or 1) + 1, TOP_BOX)


def due_after(box: int, answered_at: datetime) -> datetime:
    """When a card answered now comes back."""
    return answered_at + INTERVALS[box]


def review(card: PracticeCard | None, user_id: int, question_id: int, correct: bool, now: datetime):
    """Record one answer on the candidate's card (created on the first answer)."""
    if card is None:
        card = PracticeCard(user_id=user_id, question_id=question_id, box=1, misses=0)
        box = next_box(None, correct)
    else:
        box = next_box(card.box, correct)
    card.box = box
    card.due_at = due_after(box, now)
    card.last_answered_at = now
    card.last_correct = correct
    card.misses = (card.misses or 0) + (0 if correct else 1)
    return card
