"""A closed round is complete: its abandoned attempts are scored before anything ranks it."""

from __future__ import annotations

from datetime import timedelta

from contest.attempts import closing
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.extensions import db
from contest.ranking.models import Board
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.standings import standings
from tests.contest.attempts.taking import answer, begin, key
from tests.factories.rounds import gen_open_round, gen_participation


def abandoned(now, make_user, **settings):
    """A round with one attempt in progress, its first question answered right, never sent."""
    round_ = gen_open_round(questions=2, time_limit_seconds=600, **settings)
    user = make_user()
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt = begin(round_, user, now())
    first = attempt.questions[0].question_id
    answer(attempt, first, key(first), now())
    return round_, attempt


def test_close_now_scores_every_attempt_in_progress_from_its_saved_answers(app, now, make_user):
    round_, attempt = abandoned(now, make_user)
    closed_at = now(now() + timedelta(minutes=3))

    closing.close_round(round_, closed_at, "Sự cố")

    attempt = db.session.get(Attempt, attempt.id)
    assert attempt.status == AttemptStatus.EXPIRED
    assert (attempt.score, attempt.correct_count) == (1, 1)
    assert attempt.duration_ms == 3 * 60 * 1000
    assert closing.in_progress_count(round_) == 0


def test_a_board_read_after_the_close_ranks_an_abandoned_attempt_with_no_command(
    app, now, make_user
):
    round_, attempt = abandoned(now, make_user, leaderboard_visibility="public")
    now(round_.closes_at + timedelta(minutes=1))

    state = current_snapshot(round_, Board.LIVE)

    lines = standings(round_, Board.LIVE)
    assert [line.attempt_id for line in lines] == [attempt.id]
    assert lines[0].score == 1
    assert state.final


def test_finalize_round_leaves_attempts_with_time_left_and_other_rounds_alone(app, now, make_user):
    round_, attempt = abandoned(now, make_user)
    other, elsewhere = abandoned(now, make_user)
    now(now() + timedelta(minutes=5))

    assert closing.finalize_round(round_, now()) == 0
    now(attempt.deadline + timedelta(seconds=5))

    assert closing.finalize_round(round_, now()) == 1
    assert db.session.get(Attempt, elsewhere.id).status == AttemptStatus.IN_PROGRESS


def test_a_board_built_in_the_grace_after_the_close_is_rebuilt_once_it_is_over(app, now, make_user):
    round_, attempt = abandoned(now, make_user, closes_at=now() + timedelta(minutes=5))
    now(round_.closes_at + timedelta(seconds=1))
    early = current_snapshot(round_, Board.LIVE)
    assert (early.row_count, early.final) == (0, False)
    now(round_.closes_at + timedelta(seconds=5))

    later = current_snapshot(round_, Board.LIVE)

    assert (later.row_count, later.final) == (1, True)
