"""Who sees which board: frozen or live rank, hidden boards, and the public's masked names."""

from __future__ import annotations

from datetime import timedelta

from contest.ranking.board_access import candidate_rank, initials, public_name, viewer_board
from contest.ranking.models import Board
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.standings import standings
from contest.rounds.models import Visibility
from tests.factories.accounts import gen_candidate, gen_candidates, gen_org
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, gen_round


def test_candidate_sees_the_frozen_rank_and_judges_the_live_one(app, now, make_user):
    round_ = gen_round(leaderboard_freeze_hours=2)
    early, late = gen_candidates("Sớm", "Muộn")
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
