"""Round and contest rankings: tie-breaks, counted attempts, prediction targets, snapshot, rank."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest

from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.jobs.worker import refresh_open_rounds
from contest.ranking.board_access import candidate_rank, initials, public_name, viewer_board
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.order import round_ranking
from contest.ranking.prediction import ensure_prediction_actual, recompute_prediction_actual
from contest.ranking.snapshot import current_snapshot
from contest.ranking.snapshot_state import mark_stale
from contest.ranking.standings import standings
from contest.rounds.models import RankingMode, Round, Visibility
from tests.contest.results_factories import (
    CLOSES,
    OPENS,
    gen_attempt,
    gen_candidate,
    gen_contest,
    gen_group,
    gen_org,
    gen_prediction,
    gen_round,
    join,
)

T0 = OPENS + timedelta(hours=2)


def ranking(round_, as_of=None):
    """[(full name, rank, tied)] of the round's full ranking, in order."""
    rows = db.session.execute(round_ranking(round_, as_of)).mappings().all()
    names = {u.id: u.full_name for u in rankings_users(rows)}
    return [
        (names[r["user_id"]], r["rank"], bool(r["tied"]))
        for r in sorted(rows, key=lambda r: r["position"])
    ]


def rankings_users(rows):
    from contest.accounts.models import User

    return [db.session.get(User, r["user_id"]) for r in rows]


def candidates(*names):
    return [gen_candidate(name) for name in names]


def test_higher_score_ranks_first(app):
    round_ = gen_round()
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=7)
    gen_attempt(round_, b, score=9)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_score_is_broken_by_shorter_duration(app):
    round_ = gen_round()
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=9, duration_ms=90_000)
    gen_attempt(round_, b, score=9, duration_ms=80_000)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_score_and_duration_is_broken_by_smaller_prediction_error(app):
    round_ = gen_round(
        prediction_question="Bao nhiêu bài?", prediction_target="attempts", prediction_actual=100
    )
    a, b, c = candidates("An", "Bình", "Cường")
    for user, guess in ((a, 130), (b, 95), (c, None)):
        gen_attempt(round_, user, score=9, duration_ms=80_000)
        if guess is not None:
            gen_prediction(round_, user, guess)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False), ("Cường", 3, False)]


def test_equal_on_three_keys_is_broken_by_earlier_submission(app):
    round_ = gen_round()
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=9, duration_ms=80_000, submitted_at=T0 + timedelta(seconds=1))
    gen_attempt(round_, b, score=9, duration_ms=80_000, submitted_at=T0)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_equal_on_every_key_shares_the_rank_and_skips_the_next(app):
    round_ = gen_round()
    a, b, c, d = candidates("An", "Bình", "Cường", "Dũng")
    gen_attempt(round_, a, score=10, duration_ms=50_000, submitted_at=T0)
    gen_attempt(round_, b, score=9, duration_ms=60_000, submitted_at=T0)
    gen_attempt(round_, c, score=9, duration_ms=60_000, submitted_at=T0)
    gen_attempt(round_, d, score=8, duration_ms=60_000, submitted_at=T0)

    result = ranking(round_)

    assert [rank for _, rank, _ in result] == [1, 2, 2, 4]
    assert [tied for *_, tied in result] == [False, True, True, False]
    assert {name for name, rank, _ in result if rank == 2} == {"Bình", "Cường"}


def test_tie_break_order_duration_first_puts_the_fastest_first(app):
    round_ = gen_round(tie_break=["duration", "score"])
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=10, duration_ms=90_000)
    gen_attempt(round_, b, score=6, duration_ms=30_000)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_tie_break_on_score_alone_ties_equal_scores_whatever_the_duration(app):
    round_ = gen_round(tie_break=["score"])
    a, b, c = candidates("An", "Bình", "Cường")
    gen_attempt(round_, a, score=9, duration_ms=90_000)
    gen_attempt(round_, b, score=9, duration_ms=30_000)
    gen_attempt(round_, c, score=5)

    assert ranking(round_) == [("Bình", 1, True), ("An", 1, True), ("Cường", 3, False)]


def test_tie_break_submit_time_before_prediction(app):
    round_ = gen_round(
        tie_break=["score", "submitted_at", "prediction_error"],
        prediction_target="attempts",
        prediction_actual=10,
    )
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=9, submitted_at=T0)
    gen_attempt(round_, b, score=9, submitted_at=T0 + timedelta(minutes=1))
    gen_prediction(round_, a, 50)
    gen_prediction(round_, b, 10)

    assert ranking(round_) == [("An", 1, False), ("Bình", 2, False)]


def test_unknown_tie_break_key_is_refused(app):
    round_ = gen_round(tie_break=["score", "luck"])
    with pytest.raises(InvalidInput):
        round_ranking(round_)


def test_counted_attempt_best_takes_the_best_by_the_tie_break_order(app):
    round_ = gen_round(max_attempts=3, counted_attempt="best")
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=6)
    gen_attempt(round_, a, score=9, duration_ms=70_000)
    gen_attempt(round_, a, score=9, duration_ms=65_000)
    gen_attempt(round_, b, score=8)

    rows = db.session.execute(round_ranking(round_)).mappings().all()

    best = next(r for r in rows if r["user_id"] == a.id)
    assert (best["rank"], best["score"], best["duration_ms"]) == (1, 9, 65_000)
    assert len(rows) == 2


def test_counted_attempt_first_takes_the_first_final_attempt(app):
    round_ = gen_round(max_attempts=3, counted_attempt="first")
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=5)
    gen_attempt(round_, a, score=10)
    gen_attempt(round_, b, score=7)

    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_counted_attempt_last_takes_the_last_final_attempt_not_the_one_in_progress(app):
    round_ = gen_round(max_attempts=3, counted_attempt="last")
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=10)
    gen_attempt(round_, a, score=4, status="expired")
    gen_attempt(round_, a, score=None, status="in_progress")
    gen_attempt(round_, b, score=7)

    rows = {r["user_id"]: r for r in db.session.execute(round_ranking(round_)).mappings()}

    assert rows[a.id]["score"] == 4
    assert ranking(round_) == [("Bình", 1, False), ("An", 2, False)]


def test_only_final_attempts_are_ranked(app):
    round_ = gen_round()
    a, b = candidates("An", "Bình")
    gen_attempt(round_, a, score=None, status="in_progress")
    gen_attempt(round_, b, score=3, status="expired")

    assert ranking(round_) == [("Bình", 1, False)]


def _prediction_round(target):
    round_ = gen_round(prediction_question="Dự đoán?", prediction_target=target)
    perfect, good, other = candidates("Hoàn hảo", "Giỏi", "Khác")
    gen_attempt(round_, perfect, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, perfect, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, good, score=9, max_score=10, correct_count=9)
    gen_attempt(round_, good, score=10, max_score=10, correct_count=10)
    gen_attempt(round_, other, score=4, max_score=10, correct_count=4)
    gen_attempt(round_, other, score=None, status="in_progress")
    return round_


@pytest.mark.parametrize(
    ("target", "expected"),
    [("attempts", 5), ("candidates", 3), ("perfect_candidates", 2), ("perfect_attempts", 3)],
)
def test_prediction_target_is_counted_from_final_attempts(app, now, target, expected):
    round_ = _prediction_round(target)
    now(CLOSES + timedelta(minutes=1))

    assert ensure_prediction_actual(round_) == expected
    assert round_.prediction_actual == expected


def test_prediction_target_is_not_computed_before_the_close(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES - timedelta(minutes=1))

    assert ensure_prediction_actual(round_) is None
    assert round_.prediction_actual is None


def test_prediction_target_is_computed_once_and_kept(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES + timedelta(minutes=1))
    ensure_prediction_actual(round_)
    gen_attempt(round_, gen_candidate(), score=1)

    assert ensure_prediction_actual(round_) == 5


def test_judge_recompute_of_the_prediction_target_is_audited_and_rebuilds(app, now):
    round_ = _prediction_round("attempts")
    now(CLOSES + timedelta(minutes=1))
    current_snapshot(round_)
    gen_attempt(round_, gen_candidate(), score=1, status="expired")

    assert recompute_prediction_actual(round_) == 6
    entry = db.session.query(AuditEntry).filter_by(action="round.prediction_recomputed").one()
    assert (entry.before, entry.after) == ({"prediction_actual": 5}, {"prediction_actual": 6})
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)).stale


def test_snapshot_holds_the_same_ranking_as_the_query(app, now):
    round_ = gen_round()
    users = candidates("An", "Bình", "Cường")
    for user, score in zip(users, (5, 9, 9), strict=True):
        gen_attempt(round_, user, score=score, submitted_at=T0)

    state = current_snapshot(round_)
    lines = standings(round_, Board.LIVE)

    assert state.row_count == 3
    assert state.final
    assert [(s.full_name, s.rank, s.tied) for s in lines] == ranking(round_)


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
    early, late = candidates("Sớm", "Muộn")
    gen_attempt(round_, early, score=5, submitted_at=CLOSES - timedelta(hours=3))
    gen_attempt(round_, late, score=10, submitted_at=CLOSES - timedelta(hours=1))
    now(CLOSES - timedelta(minutes=30))

    current_snapshot(round_, Board.FROZEN)
    current_snapshot(round_, Board.LIVE)

    assert [s.full_name for s in standings(round_, Board.FROZEN)] == ["Sớm"]
    assert [s.full_name for s in standings(round_, Board.LIVE)] == ["Muộn", "Sớm"]


def test_candidate_sees_the_frozen_rank_and_judges_the_live_one(app, now, make_user):
    round_ = gen_round(leaderboard_freeze_hours=2)
    early, late = candidates("Sớm", "Muộn")
    gen_attempt(round_, early, score=5, submitted_at=CLOSES - timedelta(hours=3))
    gen_attempt(round_, late, score=10, submitted_at=CLOSES - timedelta(hours=1))
    now(CLOSES - timedelta(minutes=30))

    assert candidate_rank(round_, early) == 1
    assert candidate_rank(round_, late) is None
    assert viewer_board(round_, make_user("judge")) == Board.LIVE

    now(CLOSES + timedelta(minutes=1))
    assert candidate_rank(round_, early) == 2


def test_candidate_rank_is_none_when_the_leaderboard_is_for_judges(app, now):
    round_ = gen_round(leaderboard_visibility=Visibility.JUDGES)
    user = gen_candidate()
    gen_attempt(round_, user)

    assert candidate_rank(round_, user) is None


def test_candidates_visibility_hides_the_board_from_anonymous_visitors(app):
    from flask_login import AnonymousUserMixin

    round_ = gen_round(leaderboard_visibility=Visibility.CANDIDATES)

    assert viewer_board(round_, AnonymousUserMixin()) is None
    assert viewer_board(round_, gen_candidate()) == Board.LIVE


def test_public_name_is_initials_and_unit_or_locality(app):
    assert initials("Nguyễn Văn An") == "N.V.A"
    assert initials("đỗ  thị   ánh") == "Đ.T.Á"
    unit = gen_org("Xã Bình An", "locality")
    round_ = gen_round()
    gen_attempt(round_, gen_candidate("Nguyễn Văn An", locality_id=unit.id))
    current_snapshot(round_)

    (line,) = standings(round_, Board.LIVE)

    assert public_name(line) == "N.V.A — Xã Bình An"


def test_contest_ranking_sums_the_counted_rows_of_every_round(app):
    contest = gen_contest(ranking_mode=RankingMode.SUM)
    week1, week2 = gen_round(contest), gen_round(contest)
    a, b, c = candidates("An", "Bình", "Cường")
    gen_attempt(week1, a, score=9, duration_ms=100)
    gen_attempt(week2, a, score=6, duration_ms=100)
    gen_attempt(week1, b, score=10, duration_ms=50)
    gen_attempt(week2, b, score=5, duration_ms=100)
    gen_attempt(week1, c, score=10, duration_ms=10)

    rows, total = contest_standings(contest)

    assert total == 3
    assert [
        (r["full_name"], r["score"], r["duration_ms"], r["rank"], r["rounds"]) for r in rows
    ] == [("Bình", 15, 150, 1, 2), ("An", 15, 200, 2, 2), ("Cường", 10, 10, 3, 1)]


def test_contest_ranking_best_round_takes_each_candidates_best_round(app):
    contest = gen_contest(ranking_mode=RankingMode.BEST)
    week1, week2 = gen_round(contest), gen_round(contest)
    a, b = candidates("An", "Bình")
    gen_attempt(week1, a, score=6)
    gen_attempt(week2, a, score=9, duration_ms=70_000)
    gen_attempt(week1, b, score=9, duration_ms=60_000)

    rows, _ = contest_standings(contest)

    assert [(r["full_name"], r["score"], r["best_round_id"]) for r in rows] == [
        ("Bình", 9, week1.id),
        ("An", 9, week2.id),
    ]


def test_contest_ranking_per_group_ranks_members_only(app):
    contest = gen_contest()
    week = gen_round(contest)
    students, officials = gen_group(contest, "Học sinh"), gen_group(contest, "Cán bộ")
    a, b, c = candidates("An", "Bình", "Cường")
    join(contest, a, students)
    join(contest, b, officials)
    join(contest, c, students)
    for user, score in ((a, 5), (b, 10), (c, 7)):
        gen_attempt(week, user, score=score)

    rows, total = contest_standings(contest, students.id)

    assert total == 2
    assert [(r["full_name"], r["rank"]) for r in rows] == [("Cường", 1), ("An", 2)]


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
