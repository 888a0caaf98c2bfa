"""The rank snapshot: the same ranking as the query, rebuilt by age, by the worker, at the
close, frozen before it, and once for simultaneous readers."""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from contest.accounts.models import User
from contest.core.extensions import db
from contest.jobs.worker import refresh_open_rounds
from contest.ranking.board_access import candidate_rank
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.snapshots.partitions import SCHEMA
from contest.ranking.snapshots.state import lock_round, mark_stale
from contest.ranking.standings import standings
from contest.rounds.models import Round
from tests.contest.readers import ranking_lines
from tests.factories.accounts import gen_candidate, gen_candidates
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, OPENS, gen_round

T0 = OPENS + timedelta(hours=2)


def test_snapshot_holds_the_same_ranking_as_the_query(app, now):
    round_ = gen_round()
    users = gen_candidates("An", "Bình", "Cường")
    for user, score in zip(users, (5, 9, 9), strict=True):
        gen_attempt(round_, user, score=score, submitted_at=T0)

    state = current_snapshot(round_)
    lines = standings(round_, Board.LIVE)

    assert state.row_count == 3
    assert state.final
    assert [(s.full_name, s.rank, s.tied) for s in lines] == ranking_lines(round_)


def test_open_round_snapshot_is_reused_until_it_is_older_than_the_max_age(app, now):
    round_ = gen_round(closes_at=CLOSES + timedelta(days=7))
    a = gen_candidate("An")
    gen_attempt(round_, a, score=5)
    first = current_snapshot(round_).built_at
    gen_attempt(round_, gen_candidate("Bình"), score=9)

    now(now() + timedelta(seconds=30))
    assert current_snapshot(round_).built_at == first
    assert candidate_rank(round_, a) == 1

    now(now() + timedelta(seconds=61))
    assert current_snapshot(round_).row_count == 2
    assert candidate_rank(round_, a) == 2


def test_large_open_round_is_left_to_the_worker(app, now):
    app.config["RANKING_INLINE_REBUILD_ROWS"] = 1
    try:
        round_ = gen_round(closes_at=CLOSES + timedelta(days=7))
        for score in (5, 6):
            gen_attempt(round_, gen_candidate(), score=score)
        built = current_snapshot(round_).built_at
        gen_attempt(round_, gen_candidate(), score=7)
        now(now() + timedelta(minutes=5))

        assert current_snapshot(round_).built_at == built
        assert refresh_open_rounds() == 1
        assert current_snapshot(round_).row_count == 3
    finally:
        app.config.pop("RANKING_INLINE_REBUILD_ROWS")


def test_first_read_after_the_close_rebuilds_and_settles_the_snapshot(app, now):
    round_ = gen_round()
    now(CLOSES - timedelta(hours=1))
    gen_attempt(round_, gen_candidate(), score=5)
    assert not current_snapshot(round_).final
    gen_attempt(round_, gen_candidate(), score=6, submitted_at=CLOSES - timedelta(minutes=1))

    now(CLOSES + timedelta(seconds=1))
    state = current_snapshot(round_)

    assert state.final
    assert state.row_count == 2


def test_frozen_board_ranks_only_attempts_finished_before_the_freeze(app, now):
    round_ = gen_round(leaderboard_freeze_hours=2)
    early, late = gen_candidates("Sớm", "Muộn")
    gen_attempt(round_, early, score=5, submitted_at=CLOSES - timedelta(hours=3))
    gen_attempt(round_, late, score=10, submitted_at=CLOSES - timedelta(hours=1))
    now(CLOSES - timedelta(minutes=30))

    current_snapshot(round_, Board.FROZEN)
    current_snapshot(round_, Board.LIVE)

    assert [s.full_name for s in standings(round_, Board.FROZEN)] == ["Sớm"]
    assert [s.full_name for s in standings(round_, Board.LIVE)] == ["Muộn", "Sớm"]


POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serializes writers"
)
def test_simultaneous_readers_of_an_old_snapshot_rebuild_it_once(app, now):
    round_ = gen_round()
    for score in range(30):
        gen_attempt(round_, gen_candidate(), score=score)
    current_snapshot(round_)
    mark_stale(round_)
    db.session.commit()
    round_id = round_.id
    start = threading.Barrier(2, timeout=10)
    built, errors = [], []

    def read():
        with app.app_context():
            try:
                start.wait()
                state = current_snapshot(db.session.get(Round, round_id))
                built.append(state.built_at)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(built) == 2
    db.session.expire_all()
    assert db.session.get(RankSnapshotState, (round_id, Board.LIVE)).row_count == 30


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serializes writers"
)
def test_a_candidates_rank_waits_for_a_rebuild_without_holding_the_board_it_swaps(app, now):
    """The worker holds the round while it swaps the board's partition in (an exclusive lock);
    a candidate asking their rank meanwhile must not hold that partition while it waits."""
    round_ = gen_round()
    candidates = [gen_candidate() for _ in range(5)]
    for score, candidate in enumerate(candidates):
        gen_attempt(round_, candidate, score=score)
    current_snapshot(round_)
    mark_stale(round_)
    db.session.commit()
    round_id, user_id = round_.id, candidates[0].id
    holding, asked, errors, ranks = threading.Event(), threading.Event(), [], []

    def worker_swapping_the_board():
        with app.app_context():
            try:
                round_ = db.session.get(Round, round_id)
                lock_round(round_)
                holding.set()
                asked.wait(10)
                time.sleep(0.5)  # the candidate is now waiting for the round
                partition = f"{SCHEMA}.r{round_id}"
                db.session.execute(text(f"LOCK TABLE {partition} IN ACCESS EXCLUSIVE MODE"))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)
                db.session.rollback()

    def candidate_asking():
        with app.app_context():
            try:
                holding.wait(10)
                asked.set()
                round_, user = db.session.get(Round, round_id), db.session.get(User, user_id)
                ranks.append(candidate_rank(round_, user))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=f) for f in (worker_swapping_the_board, candidate_asking)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []  # before: "deadlock detected" for one of them
    assert ranks == [5]


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serializes writers"
)
def test_a_rebuild_does_not_wait_for_starts_writing_rows_of_the_round(app):
    """Starts and submissions writing rows of the round hold its key (the foreign key's share
    lock); the lock that serializes rebuilds of the round must not queue behind them."""
    round_ = gen_round()
    db.session.commit()
    round_id = round_.id
    with db.engine.connect() as a_start:
        a_start.execute(
            select(Round.id).where(Round.id == round_id).with_for_update(read=True, key_share=True)
        )
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))

        lock_round(db.session.get(Round, round_id))

        a_start.rollback()
    db.session.rollback()
