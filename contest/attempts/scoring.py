"""Scoring rules, as pure functions of the key, the choice and the round's settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

SCORE_DECIMALS = 4


@dataclass(frozen=True)
class ItemKey:
    """What scoring needs to know about one question as shown: its type, difficulty and key."""

    question_id: int
    qtype: str
    difficulty: str
    correct: frozenset[int]


@dataclass(frozen=True)
class ScoringRules:
    """The round's scoring settings."""

    points_per_question: float = 1.0
    points_by_difficulty: Mapping[str, float] | None = None
    partial_multiple: bool = False

    def points_for(self, difficulty: str) -> Fraction:
        if self.points_by_difficulty and difficulty in self.points_by_difficulty:
            return Fraction(str(self.points_by_difficulty[difficulty]))
        return Fraction(str(self.points_per_question))


@dataclass(frozen=True)
class ItemResult:
    question_id: int
    points: Fraction
    max_points: Fraction
    is_correct: bool


@dataclass(frozen=True)
class ScoreResult:
    score: float
    max_score: float
    correct_count: int
    items: tuple[ItemResult, ...]


def score_item(key: ItemKey, chosen: Iterable[int], rules: ScoringRules) -> ItemResult:
    """Exact match earns full points; partial credit only for multiple choice when enabled.

    Partial credit: (right choices − wrong choices) / number of right options, never below 0,
    so ticking every option earns nothing.
    """
    chosen_set = frozenset(chosen)
    max_points = rules.points_for(key.difficulty)
    is_correct = bool(chosen_set) and chosen_set == key.correct
    if is_correct:
        return ItemResult(key.question_id, max_points, max_points, True)
    if key.qtype == "multiple" and rules.partial_multiple and key.correct:
        right = len(chosen_set & key.correct)
        wrong = len(chosen_set - key.correct)
        fraction = max(Fraction(right - wrong, len(key.correct)), Fraction(0))
        return ItemResult(key.question_id, max_points * fraction, max_points, False)
    return ItemResult(key.question_id, Fraction(0), max_points, False)


def score_attempt(
    keys: Iterable[ItemKey], answers: Mapping[int, Iterable[int]], rules: ScoringRules
) -> ScoreResult:
    """Score every question shown; unanswered questions earn nothing."""
    items = tuple(score_item(key, answers.get(key.question_id, ()), rules) for key in keys)
    return ScoreResult(
        score=round(float(sum((i.points for i in items), Fraction(0))), SCORE_DECIMALS),
        max_score=round(float(sum((i.max_points for i in items), Fraction(0))), SCORE_DECIMALS),
        correct_count=sum(i.is_correct for i in items),
        items=items,
    )
