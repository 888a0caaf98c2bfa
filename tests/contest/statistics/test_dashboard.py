"""The live dashboard of a round: figures on a small hand-built data set, in few queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from contest.accounts.models import Organization
from contest.attempts.models import Attempt
from contest.core.extensions import db
from contest.rounds.models import Contest, Round
from contest.statistics.dashboard import bucket_width, round_dashboard

NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)


@pytest.fixture
def round_(app):
    contest = Contest(slug="cuoc-thi", title="Cuộc thi")
    round_ = Round(
        contest=contest,
        name="Tuần 1",
        opens_at=NOW - timedelta(days=2),
        closes_at=NOW + timedelta(days=5),
        time_limit_seconds=1200,
    )
    db.session.add(round_)
    db.session.flush()
    return round_


@pytest.fixture
def people(app, make_user):
    """Four candidates: two in Sở Tư pháp (headcount 4), one in Sở Y tế, one undeclared."""
    justice = Organization(kind="unit", name="Sở Tư pháp", headcount=4)
    health = Organization(kind="unit", name="Sở Y tế")
    ward = Organization(kind="locality", name="Phường 1", headcount=100)
    db.session.add_all([justice, health, ward])
    db.session.flush()
    return [
        make_user(unit_id=justice.id, locality_id=ward.id),
        make_user(unit_id=justice.id, locality_id=ward.id),
        make_user(unit_id=health.id),
        make_user(),
    ]


def attempt(round_, user, number, status, *, started, score=None, deadline=None):
    row = Attempt(
        round_id=round_.id,
        user_id=user.id,
        number=number,
        status=status,
        seed=1,
        started_at=started,
        deadline=deadline or started + timedelta(minutes=20),
        score=score,
        max_score=None if score is None else 12.0,
    )
    db.session.add(row)
    return row


@pytest.fixture
def attempts(round_, people):
    a, b, c, d = people
    attempt(round_, a, 1, "submitted", started=NOW - timedelta(hours=3), score=12)
    attempt(round_, a, 2, "submitted", started=NOW - timedelta(hours=2, minutes=50), score=10.5)
    attempt(round_, b, 1, "expired", started=NOW - timedelta(hours=2), score=4)
    attempt(round_, c, 1, "in_progress", started=NOW - timedelta(minutes=5))
    # In progress but past its deadline: final, counted as expired before the sweeper runs.
    attempt(
        round_,
        d,
        1,
        "in_progress",
        started=NOW - timedelta(hours=50),
        score=None,
        deadline=NOW - timedelta(hours=49, minutes=40),
    )
    db.session.flush()


def test_dashboard_counts_attempts_by_effective_status(round_, attempts):
    board = round_dashboard(round_, NOW)

    assert (board.in_progress, board.submitted, board.expired) == (1, 2, 2)
    assert board.attempts == 5
    assert board.candidates == 4


def test_dashboard_average_is_over_scored_final_attempts(round_, attempts):
    board = round_dashboard(round_, NOW)

    # The overdue attempt, never sent and with nothing answered, is scored at once: 0 points.
    assert board.average_score == pytest.approx((12 + 10.5 + 4 + 0) / 4)
    assert board.max_score == 12


def test_dashboard_histogram_has_one_bar_per_point_with_empty_bars(round_, attempts):
    board = round_dashboard(round_, NOW)

    bars = {low: count for low, _high, count in board.histogram}
    assert len(board.histogram) == 13
    # The overdue attempt, scored at once from no answers, is the bar at 0.
    assert (bars[4], bars[10], bars[12], bars[0], bars[1]) == (1, 1, 1, 1, 0)


def test_histogram_bars_widen_for_large_maximum_scores():
    assert bucket_width(12) == 1
    assert bucket_width(100) == 5


def test_dashboard_participation_per_unit_and_locality_with_rate(round_, attempts):
    board = round_dashboard(round_, NOW)

    units = [(p.name, p.candidates, p.attempts, p.headcount, p.rate) for p in board.by_unit]
    assert units == [
        ("Sở Tư pháp", 2, 3, 4, 0.5),
        ("Sở Y tế", 1, 1, None, None),
        (None, 1, 1, None, None),
    ]
    localities = {p.name: (p.candidates, p.attempts) for p in board.by_locality}
    assert localities == {"Phường 1": (2, 3), None: (2, 2)}


def test_dashboard_attempts_per_hour_cover_the_last_48_hours(round_, attempts):
    board = round_dashboard(round_, NOW)

    hours = dict(board.per_hour)
    assert len(board.per_hour) == 48
    assert board.per_hour[-1][0] == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert hours[datetime(2026, 12, 3, 7, 0, tzinfo=UTC)] == 2
    assert hours[datetime(2026, 12, 3, 8, 0, tzinfo=UTC)] == 1
    assert hours[datetime(2026, 12, 3, 10, 0, tzinfo=UTC)] == 1
    assert sum(hours.values()) == 4  # the attempt 50 hours ago is outside the window


def test_dashboard_of_a_round_without_attempts_is_empty(round_):
    board = round_dashboard(round_, NOW)

    assert (board.attempts, board.average_score, board.histogram, board.by_unit) == (
        0,
        None,
        [],
        [],
    )


def test_dashboard_runs_a_fixed_number_of_queries_whatever_the_attempt_count(round_, people):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    for number in range(1, 31):
        attempt(
            round_,
            people[number % 4],
            number,
            "submitted",
            started=NOW - timedelta(minutes=number),
            score=number % 13,
        )
    db.session.flush()

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        round_dashboard(round_, NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    assert len(statements) == 6  # the first looks for overdue attempts to score
