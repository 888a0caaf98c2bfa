"""Scoring rules, as pure functions of the key, the answer and the round's settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from questions.importer import matches

SCORE_DECIMALS = 4
FILL_IN = "fill_in"


@dataclass(frozen=True)
class ItemKey:
    """What scoring needs to know about one question as shown: its type, difficulty and key.

    A fill-in question's key is its accepted answers (and whether an answer typed without
    diacritics counts); points, when set, are the question's own and override the round's.
    """

    question_id: int
    qtype: str
    difficulty: str
    correct: frozenset[int]
    accepted: tuple[str, ...] = ()
    ignore_diacritics: bool = False
    points: float | None = None


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

    def points_of(self, key: ItemKey) -> Fraction:
        """The question's own points when it has them, else the round's for its difficulty."""
        if key.points is not None:
            return Fraction(str(key.points))
        return self.points_for(key.difficulty)


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


def score_item(
    key: ItemKey, chosen: Iterable[int], rules: ScoringRules, typed: str | None = None
) -> ItemResult:
    """Exact match earns full points; partial credit only for multiple choice when enabled.

    Partial credit: (right choices − wrong choices) / number of right options, never below 0,
    so ticking every option earns nothing; it scales to the question's points. A fill-in
    answer (typed) is right when it matches an accepted answer as the importer compares them.
    """
    max_points = rules.points_of(key)
    if key.qtype == FILL_IN:
        right = typed is not None and matches(typed, key.accepted, key.ignore_diacritics)
        return ItemResult(key.question_id, max_points if right else Fraction(0), max_points, right)
    chosen_set = frozenset(chosen)
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
    keys: Iterable[ItemKey],
    answers: Mapping[int, Iterable[int]],
    rules: ScoringRules,
    typed: Mapping[int, str] | None = None,
) -> ScoreResult:
    """Score every question shown; unanswered questions earn nothing.

    answers holds the chosen options by question, typed the fill-in answers by question.
    """
    typed = typed or {}
    items = tuple(
        score_item(key, answers.get(key.question_id, ()), rules, typed.get(key.question_id))
        for key in keys
    )
    return ScoreResult(
        score=round(float(sum((i.points for i in items), Fraction(0))), SCORE_DECIMALS),
        max_score=round(float(sum((i.max_points for i in items), Fraction(0))), SCORE_DECIMALS),
        correct_count=sum(i.is_correct for i in items),
        items=items,
    )
