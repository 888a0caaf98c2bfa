"""The draw is reproducible from its seed, balanced across attempts, and avoids repeats."""

from collections import Counter

from questions.draw import DrawCell, draw_questions, new_seed, option_order

EASY = DrawCell("1:easy", list(range(1, 41)), 4)
HARD = DrawCell("1:hard", list(range(101, 121)), 2)


def test_same_seed_draws_the_same_questions_in_the_same_order():
    assert draw_questions(42, [EASY, HARD]) == draw_questions(42, [EASY, HARD])
    assert option_order(42, 7, [1, 2, 3, 4], shuffle=True) == option_order(
        42, 7, [1, 2, 3, 4], shuffle=True
    )


def test_different_seeds_draw_different_sets():
    draws = {tuple(sorted(draw_questions(seed, [EASY, HARD]))) for seed in range(50)}
    assert len(draws) > 45


def test_each_cell_gives_its_count_without_duplicates():
    drawn = draw_questions(7, [EASY, HARD])
    assert len(drawn) == len(set(drawn)) == 6
    assert sum(q <= 40 for q in drawn) == 4
    assert sum(q > 100 for q in drawn) == 2


def test_overlapping_cells_never_repeat_a_question():
    small = DrawCell("a", [1, 2, 3], 2)
    same_pool = DrawCell("b", [1, 2, 3], 1)
    for seed in range(200):
        drawn = draw_questions(seed, [small, same_pool])
        assert sorted(drawn) == [1, 2, 3]


def test_unshuffled_draw_keeps_blueprint_order():
    drawn = draw_questions(3, [EASY, HARD], shuffle=False)
    assert all(q <= 40 for q in drawn[:4])
    assert all(q > 100 for q in drawn[4:])


def test_options_keep_their_order_when_not_shuffled():
    assert option_order(1, 1, [5, 6, 7], shuffle=False) == [5, 6, 7]


def test_use_is_balanced_over_ten_thousand_draws():
    """Chi-square goodness of fit against equal use, at a significance level of 0.001."""
    draws = 10_000
    usage = Counter()
    for seed in range(draws):
        usage.update(draw_questions(seed, [EASY]))
    expected = draws * EASY.count / len(EASY.pool)
    chi_square = sum((usage[q] - expected) ** 2 / expected for q in EASY.pool)
    # Critical value of chi-square with 39 degrees of freedom at p = 0.001 is 72.05.
    assert chi_square < 72.05
    assert max(usage.values()) / min(usage.values()) < 1.25


def test_repeated_attempts_prefer_unseen_questions():
    first = draw_questions(1, [EASY])
    second = draw_questions(2, [EASY], seen=set(first))
    assert not set(first) & set(second)


def test_seen_questions_fill_in_only_when_the_pool_runs_out():
    cell = DrawCell("k", [1, 2, 3, 4, 5], 4)
    drawn = draw_questions(9, [cell], seen={1, 2, 3})
    assert {4, 5} <= set(drawn)
    assert len(drawn) == 4


def test_new_seed_fits_a_bigint_column():
    assert all(0 < new_seed() < 2**63 for _ in range(100))
