"""A round's state follows the clock it is given."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.rounds.models import RoundState
from tests.factories.rounds import UPCOMING as OPENS
from tests.factories.rounds import gen_upcoming_round


@pytest.mark.parametrize(
    ("moment", "auto_publish", "state"),
    [
        (OPENS - timedelta(minutes=1), False, RoundState.UPCOMING),
        (OPENS, False, RoundState.OPEN),
        (OPENS + timedelta(days=7), False, RoundState.CLOSED),
        (OPENS + timedelta(days=7), True, RoundState.PUBLISHED),
        (OPENS + timedelta(days=1), True, RoundState.OPEN),
    ],
)
def test_round_state_follows_the_clock_and_auto_publishes_at_close(
    app, moment, auto_publish, state
):
    round_ = gen_upcoming_round(auto_publish=auto_publish)

    assert round_.state_at(moment) == state


def test_manually_published_round_is_published(app):
    round_ = gen_upcoming_round(results_published_at=OPENS + timedelta(days=8))

    assert round_.state_at(OPENS + timedelta(days=8)) == RoundState.PUBLISHED
