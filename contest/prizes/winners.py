"""Who won, for the public: a round's (or a contest's) locked prize list once results are out.

A round shows its winners once its results are published and its prize list is locked; who may
see them follows the round's leaderboard visibility, and the public sees names masked exactly as
on the public board (initials and unit), except their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contest.prizes.models import PrizeResult
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


def _lines(result: PrizeResult | None) -> list[Winner]:
    return winners(result) if result is not None and result.is_locked else []


def round_winners(round: Round, viewer, now: datetime) -> WinnerList:
    """The round's winners as this viewer may see them (refused as its board would be)."""
    board_or_refuse(round, viewer, now)
    published = round.state_at(now) == RoundState.PUBLISHED
    lines = _lines(result_for(round.contest, round)) if published else []
    return WinnerList(round, published, lines)


def contest_winners(contest: Contest, viewer, now: datetime) -> list[WinnerList]:
    """Each published round the viewer may see, then the contest-wide list, when locked."""
    lists = [
        WinnerList(round, True, _lines(result_for(contest, round)))
        for round in contest.announced_rounds
        if round.state_at(now) == RoundState.PUBLISHED
        and viewer_board(round, viewer, now) is not None
    ]
    overall = _lines(result_for(contest, None))
    if overall and all(viewer_board(r, viewer, now) for r in contest.announced_rounds):
        lists.append(WinnerList(None, True, overall))
    return lists
