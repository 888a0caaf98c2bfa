"""Scenes several test modules share: scored boards, fields of candidates, locked prize lists."""

from __future__ import annotations

from datetime import timedelta

from contest.accounts.models import User
from contest.core.extensions import db
from contest.prizes.decisions import approve
from contest.prizes.proposal import TierInput, define_prizes
from contest.rounds.models import Round
from tests.factories.accounts import gen_candidate, gen_org
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import OPENS, gen_round

SUBMITTED = OPENS + timedelta(hours=2)


def gen_scored_board(make_user) -> tuple[Round, User, User, User]:
    """A closed round with a prediction question and three finishers of Xã Bình An and beyond.

    An (8 points, 70 s; may sign in), Bình (9 points, 90 s), Cường (8 points, 70 s).
    """
    round_ = gen_round(prediction_question="Bao nhiêu bài?", prediction_target="attempts")
    place = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=place.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=place.id)
    cuong = gen_candidate("Lê Cường")
    gen_attempt(round_, an, score=8, duration_ms=70_000, submitted_at=SUBMITTED)
    gen_attempt(round_, binh, score=9, duration_ms=90_000, submitted_at=SUBMITTED)
    gen_attempt(round_, cuong, score=8, duration_ms=70_000, submitted_at=SUBMITTED)
    db.session.commit()
    return round_, an, binh, cuong


def gen_first_week_board(make_user) -> tuple[Round, User, User, User]:
    """The closed round "Tuần thi thứ nhất": An (9; may sign in), Bình (8), Cường (8)."""
    round_ = gen_round(name="Tuần thi thứ nhất")
    ward = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=ward.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=ward.id)
    cuong = gen_candidate("Lê Văn Cường")
    gen_attempt(round_, an, score=9, submitted_at=SUBMITTED)
    gen_attempt(round_, binh, score=8, submitted_at=SUBMITTED)
    gen_attempt(round_, cuong, score=8, submitted_at=SUBMITTED)
    db.session.commit()
    return round_, an, binh, cuong


def gen_field(scores, round_: Round | None = None) -> tuple[Round, list[User]]:
    """Candidates named by their place ("Thí sinh 1" …), distinct durations, these scores."""
    round_ = round_ or gen_round()
    users = []
    for i, score in enumerate(scores):
        user = gen_candidate(f"Thí sinh {i + 1}")
        gen_attempt(round_, user, score=score, duration_ms=60_000 + i, submitted_at=SUBMITTED)
        users.append(user)
    return round_, users


def gen_locked_list(make_user):
    """A round of three (10, 9, 8) whose one-prize list two judges have locked."""

    round_, users = gen_field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    return round_, users, result


def gen_locked_export_round(make_user):
    """A locked list of three (first and second prizes) with formula-like names, for exports."""

    round_ = gen_round()
    ward = gen_org("=Xã Bình An", "locality")
    for i, name in enumerate(("Nguyễn Văn An", "@Trần Bình", "Lê Cường")):
        gen_attempt(
            round_,
            gen_candidate(name, locality_id=ward.id),
            score=10 - i,
            submitted_at=OPENS + timedelta(hours=1, milliseconds=i),
        )
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    return round_, result
