"""A settled contest for the privacy specs: a closed round, candidates with attempts, addresses
and sessions, and a prize list locked by two judges."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from contest.accounts.models import User, UserSession
from contest.attempts.models import Attempt, AttemptEvent, AttemptEventKind
from contest.core.extensions import db
from contest.prizes.decisions import approve
from contest.prizes.models import PrizeResult
from contest.prizes.proposal import TierInput, define_prizes
from contest.rounds.models import Round
from tests.factories.accounts import gen_org
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import OPENS, gen_participation, gen_round

T0 = OPENS + timedelta(hours=2)


@dataclass
class Settled:
    round: Round
    winner: User
    others: list[User]
    result: PrizeResult | None

    @property
    def candidates(self) -> list[User]:
        return [self.winner, *self.others]


def take_part(round_: Round, user: User, score: float, n: int = 0) -> Attempt:
    """Join the contest and sit the round, from an address and a browser, with a session."""
    gen_participation(round_.contest, user)
    attempt = gen_attempt(
        round_,
        user,
        score=score,
        duration_ms=60_000 + n,
        submitted_at=T0,
        ip=f"203.0.113.{n + 1}",
        user_agent="Mozilla/5.0 (Android 14)",
    )
    db.session.add_all(
        [
            AttemptEvent(
                attempt_id=attempt.id,
                kind=AttemptEventKind.SUBMIT,
                at=T0,
                ip=attempt.ip,
                user_agent=attempt.user_agent,
            ),
            UserSession(
                user_id=user.id,
                key_hash=secrets.token_hex(32),
                created_at=T0,
                last_seen_at=T0,
                ip=attempt.ip,
                user_agent=attempt.user_agent,
            ),
        ]
    )
    db.session.flush()
    return attempt


def settled_contest(make_user, *, locked: bool = True, candidates: list[User] | None = None):
    """A closed round of three candidates (the first wins), its prize list locked by two judges."""
    round_ = gen_round()
    unit = gen_org("Sở Tư pháp")
    users = candidates or [make_user(unit_id=unit.id) for _ in range(3)]
    for n, user in enumerate(users):
        take_part(round_, user, score=10 - n, n=n)
    result = None
    if locked:
        result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
        for _ in range(2):
            approve(result, make_user("judge"))
    db.session.commit()
    return Settled(round_, users[0], users[1:], result)
