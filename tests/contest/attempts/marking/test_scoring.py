"""Scoring per the round's settings: points per question or difficulty, partial credit."""

from fractions import Fraction

import pytest

from contest.attempts.marking.scoring import ItemKey, ScoringRules, score_attempt, score_item

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


FILL = ItemKey(4, "fill_in", "easy", frozenset(), accepted=("Quốc hội", "Quốc hội Việt Nam"))
BARE = ItemKey(5, "fill_in", "easy", frozenset(), accepted=("Quốc hội",), ignore_diacritics=True)


@pytest.mark.parametrize(
    "typed", ["Quốc hội", "  quốc   HỘI ", "QUỐC HỘI VIỆT NAM", "Quo\u0302\u0301c ho\u0323\u0302i"]
)
def test_a_typed_answer_matches_after_nfc_case_and_spaces(typed):
    result = score_item(FILL, [], ScoringRules(), typed)
    assert (result.points, result.is_correct) == (1, True)


@pytest.mark.parametrize("typed", [None, "", "Quoc hoi", "Chính phủ", "Quốc hội khóa XV"])
def test_a_typed_answer_that_matches_nothing_earns_nothing(typed):
    result = score_item(FILL, [], ScoringRules(), typed)
    assert (result.points, result.is_correct) == (0, False)


def test_an_answer_without_diacritics_counts_where_the_question_allows_it():
    assert score_item(BARE, [], ScoringRules(), "quoc hoi").is_correct
    assert not score_item(FILL, [], ScoringRules(), "quoc hoi").is_correct


def test_a_questions_own_points_override_the_rounds():
    own = ItemKey(6, "single", "hard", frozenset({60}), points=2.5)
    rules = ScoringRules(points_per_question=1, points_by_difficulty={"hard": 3})
    assert score_item(own, [60], rules).points == Fraction(5, 2)
    assert (
        score_item(
            ItemKey(7, "fill_in", "hard", frozenset(), ("a",), points=4), [], rules, "A"
        ).points
        == 4
    )


def test_partial_credit_scales_to_the_questions_points():
    own = ItemKey(8, "multiple", "easy", frozenset({80, 81}), points=3)
    result = score_item(own, [80], ScoringRules(partial_multiple=True))
    assert (result.points, result.max_points) == (Fraction(3, 2), 3)


def test_an_attempt_adds_typed_answers_and_own_points():
    own = ItemKey(9, "single", "easy", frozenset({90}), points=2)
    result = score_attempt([SINGLE, FILL, own], {1: [10], 9: [90]}, ScoringRules(), {4: "quốc hội"})
    assert (result.score, result.max_score, result.correct_count) == (4, 4, 3)
