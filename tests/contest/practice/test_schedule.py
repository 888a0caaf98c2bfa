"""The Leitner schedule: a right answer moves a card up a box, a miss sends it back to box 1."""

from datetime import UTC, datetime, timedelta

from contest.practice.schedule import INTERVALS, due_after, next_box, review

T = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_a_first_right_answer_puts_the_card_in_box_two():
    assert next_box(None, correct=True) == 2


def test_a_right_answer_moves_the_card_one_box_up_to_the_top_box():
    assert [next_box(box, correct=True) for box in (1, 2, 3, 4, 5)] == [2, 3, 4, 5, 5]


def test_a_miss_sends_the_card_back_to_box_one_from_any_box():
    assert {next_box(box, correct=False) for box in (None, 1, 3, 5)} == {1}


def test_intervals_grow_with_the_box():
    waits = [INTERVALS[box] for box in sorted(INTERVALS)]
    assert waits == sorted(waits)
    assert waits[0] == timedelta(minutes=10)


def test_a_missed_card_is_due_ten_minutes_after_the_miss_and_counts_the_miss():
    card = review(None, user_id=1, question_id=2, correct=False, now=T)

    assert (card.box, card.due_at, card.misses, card.last_correct) == (
        1,
        T + timedelta(minutes=10),
        1,
        False,
    )
    assert due_after(2, T) == T + timedelta(days=1)


def test_a_card_answered_right_again_waits_longer():
    card = review(None, 1, 2, True, T)
    card = review(card, 1, 2, True, T + timedelta(days=1))

    assert (card.box, card.due_at, card.misses) == (3, T + timedelta(days=4), 0)
