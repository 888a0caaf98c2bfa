"""Who won, for the public: a round's (or a contest's) locked prize list once results are out.

A round shows its winners once its results are published and its prize list is locked; who may
see them follows the round's leaderboard visibility, and the public sees names masked exactly as
on the public board (initials and unit), except their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from contest.core import cache
from contest.prizes.prize_list import Winner, winners
from contest.prizes.proposal import result_for
from contest.ranking.board_access import board_or_refuse, viewer_board
from contest.rounds.models import Contest, Round, RoundState


@dataclass(frozen=True)
class WinnerList:
    """The winners of one scope, or why there are none to show yet."""

    round: Round | None
    published: bool
    lines: list[Winner]


class PublicAward(NamedTuple):
    """What the public page shows of an award (kept in the shared cache: no CCCD)."""

    user_id: int
    rank: int
    score: float | None
    duration_ms: int | None
    full_name: str
    unit: str | None
    locality: str | None


def _entries(contest: Contest, round: Round | None) -> list[dict]:
    result = result_for(contest, round)
    if result is None or not result.is_locked:
        return []
    return [
        {
            "tier": line.tier,
            "group": line.group,
            "award": PublicAward(*(getattr(line.award, f) for f in PublicAward._fields))._asdict(),
        }
        for line in winners(result)
    ]


def _lines(contest: Contest, round: Round | None) -> list[Winner]:
    """The locked list's lines, from the shared cache (a lock or a publication moves it on)."""
    scope = cache.round_scopes(round.id, contest.id)[0] if round else f"contest:{contest.id}"
    entries = cache.remember(scope, ("winners",), lambda: _entries(contest, round))
    return [
        Winner(number, entry["tier"], entry["group"], PublicAward(**entry["award"]))
        for number, entry in enumerate(entries, 1)
    ]


def round_winners(round: Round, viewer, now: datetime) -> WinnerList:
    """The round's winners as this viewer may see them (refused as its board would be)."""
    board_or_refuse(round, viewer, now)
    published = round.state_at(now) == RoundState.PUBLISHED
    lines = _lines(round.contest, round) if published else []
    return WinnerList(round, published, lines)


def contest_winners(contest: Contest, viewer, now: datetime) -> list[WinnerList]:
    """Each published round the viewer may see, then the contest-wide list, when locked."""
    lists = [
        WinnerList(round, True, _lines(contest, round))
        for round in contest.announced_rounds
        if round.state_at(now) == RoundState.PUBLISHED
        and viewer_board(round, viewer, now) is not None
    ]
    overall = _lines(contest, None)
    if overall and all(viewer_board(r, viewer, now) for r in contest.announced_rounds):
        lists.append(WinnerList(None, True, overall))
    return lists
