"""The single clock: frozen by tests at an aware instant, running otherwise."""

from datetime import UTC, datetime, timedelta

import pytest

from contest.core import clock


def test_a_frozen_clock_answers_its_instant_until_it_is_let_run():
    frozen = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

    clock.set_now(frozen)
    answered = clock.utcnow()
    clock.set_now(None)

    assert answered == frozen
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(minutes=1)


def test_the_clock_refuses_a_naive_instant():
    with pytest.raises(ValueError, match="aware"):
        clock.set_now(datetime(2026, 11, 27, 12, 0))
