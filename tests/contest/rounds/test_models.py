"""A round's state follows the clock it is given."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from contest.core.extensions import db
from contest.rounds.models import Contest, Round, RoundState

OPENS = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def make_contest() -> Contest:
    contest = Contest(slug=f"cuoc-thi-{next(_numbers)}", title="Cuộc thi")
    db.session.add(contest)
    db.session.flush()
    return contest


def make_round(**fields) -> Round:
    values = {
        "name": "Tuần 1",
        "opens_at": OPENS,
        "closes_at": OPENS + timedelta(days=7),
        "time_limit_seconds": 1200,
    }
    round_ = Round(contest=make_contest(), **{**values, **fields})
    db.session.add(round_)
    db.session.flush()
    return round_


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
    round_ = make_round(auto_publish=auto_publish)

    assert round_.state_at(moment) == state


def test_manually_published_round_is_published(app):
    round_ = make_round(results_published_at=OPENS + timedelta(days=8))

    assert round_.state_at(OPENS + timedelta(days=8)) == RoundState.PUBLISHED
