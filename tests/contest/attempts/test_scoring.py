"""Scoring per the round's settings: points per question or difficulty, partial credit."""

from fractions import Fraction

import pytest

from contest.attempts.scoring import ItemKey, ScoringRules, score_attempt, score_item

SINGLE = ItemKey(1, "single", "easy", frozenset({10}))
MULTI = ItemKey(2, "multiple", "hard", frozenset({20, 21}))
TF = ItemKey(3, "true_false", "medium", frozenset({30}))


def test_exact_answer_earns_the_points():
    assert score_item(SINGLE, [10], ScoringRules()).points == 1


@pytest.mark.parametrize("chosen", [[], [11], [10, 11]])
def test_wrong_or_empty_single_answer_earns_nothing(chosen):
    result = score_item(SINGLE, chosen, ScoringRules())
    assert (result.points, result.is_correct) == (0, False)


def test_multiple_choice_is_all_or_nothing_by_default():
    assert score_item(MULTI, [20], ScoringRules()).points == 0
    assert score_item(MULTI, [20, 21], ScoringRules()).points == 1


@pytest.mark.parametrize(
    ("chosen", "points"),
    [
        ([20], Fraction(1, 2)),
        ([20, 21], 1),
        ([20, 22], 0),
        ([20, 21, 22], Fraction(1, 2)),
        ([22, 23], 0),
    ],
)
def test_partial_credit_subtracts_wrong_choices(chosen, points):
    assert score_item(MULTI, chosen, ScoringRules(partial_multiple=True)).points == points


def test_points_by_difficulty_override_points_per_question():
    rules = ScoringRules(
        points_per_question=1, points_by_difficulty={"easy": 1, "medium": 2, "hard": 3}
    )
    result = score_attempt([SINGLE, MULTI, TF], {1: [10], 2: [20, 21], 3: [31]}, rules)
    assert (result.score, result.max_score, result.correct_count) == (4.0, 6.0, 2)


def test_unanswered_questions_count_in_the_maximum():
    result = score_attempt([SINGLE, TF], {}, ScoringRules(points_per_question=2.5))
    assert (result.score, result.max_score, result.correct_count) == (0.0, 5.0, 0)


def test_fractional_scores_are_rounded_consistently_for_ties():
    rules = ScoringRules(partial_multiple=True, points_per_question=1)
    three = ItemKey(4, "multiple", "easy", frozenset({1, 2, 3}))
    a = score_attempt([three], {4: [1]}, rules).score
    b = score_attempt([three], {4: [2]}, rules).score
    assert a == b == 0.3333
