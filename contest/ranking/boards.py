"""What a viewer gets of a round's board: a page or their own line, and the public feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contest.core.clock import utcnow
from contest.ranking.board_access import board_or_refuse, is_results_staff, viewer_board
from contest.ranking.board_cache import public_page
from contest.ranking.models import Board
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.standings import Standing, standing_of, standings
from contest.rounds.models import Contest, Round


@dataclass(frozen=True)
class LeaderboardView:
    """A page (or one line) of a board, with what the page says about it."""

    round: Round
    staff: bool
    frozen: bool
    generated_at: datetime
    total: int
    lines: list[Standing]


def leaderboard_view(
    round: Round, viewer, *, offset: int = 0, limit: int = 50, own: int | None = None
) -> LeaderboardView:
    """What this viewer may see of the round's board: a page of it, or only their own line."""
    now = utcnow()
    board = board_or_refuse(round, viewer, now)
    staff = is_results_staff(viewer)
    if own is None and not staff:
        state, lines = public_page(round, board, now, offset=offset, limit=limit)
    else:
        state = current_snapshot(round, board, now)
        if own is not None:
            line = standing_of(round, board, own)
            lines = [line] if line else []
        else:
            lines = standings(round, board, offset=offset, limit=limit)
    return LeaderboardView(
        round,
        staff,
        board == Board.FROZEN,
        state.built_at,
        state.row_count,
        lines,
    )


def contest_board_frozen(contest, viewer) -> bool:
    """Refuse a viewer from whom any round hides its board; True when one is frozen for them."""
    now = utcnow()
    return any(
        board_or_refuse(round, viewer, now) == Board.FROZEN for round in contest.announced_rounds
    )


def current_round(contest: Contest, now: datetime) -> Round | None:
    """The open round; else the one that closed last; else the next one."""
    rounds = sorted(contest.announced_rounds, key=lambda r: r.opens_at)
    open_now = [r for r in rounds if r.opens_at <= now < r.closes_at]
    closed = [r for r in rounds if r.closes_at <= now]
    upcoming = [r for r in rounds if now < r.opens_at]
    if open_now:
        return open_now[-1]
    if closed:
        return max(closed, key=lambda r: r.closes_at)
    return upcoming[0] if upcoming else None


@dataclass(frozen=True)
class Feed:
    """The public page's view of a contest: its current round and the top of its board."""

    contest: Contest
    round: Round | None
    visible: bool
    frozen: bool
    generated_at: datetime | None
    lines: list[Standing]


def public_feed(contest: Contest, limit: int) -> Feed:
    """The current round and the top of its board as an anonymous visitor may see it."""
    now = utcnow()
    round = current_round(contest, now)
    board = viewer_board(round, None, now) if round else None
    if round is None or board is None:
        return Feed(contest, round, False, False, None, [])
    state, lines = public_page(round, board, now, limit=limit)
    return Feed(contest, round, True, board == Board.FROZEN, state.built_at, lines)
