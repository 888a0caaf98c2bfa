"""Pages of a round's board as the public sees them, from the cache every node shares.

An entry holds the snapshot's bookkeeping with the lines, so a hit still knows, without the
database, when the snapshot is due for a rebuild (needs_rebuild): then the page is read (and
rebuilt) as without a cache. Each rebuild, stale mark (a regrade, a prediction recount), results
publication and prize lock moves the round to a new cache version (contest.core.cache), so
no reader on any node is served the board from before the change. Only what the public may see
of a line is kept: never a CCCD or a phone number. Staff read the database.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from decimal import Decimal

from flask import current_app

from contest.core import cache
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.snapshots.state import needs_rebuild
from contest.ranking.standings import Standing, standings
from contest.rounds.models import Contest, Round

_MOMENTS = ("built_at", "as_of")


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _state_entry(state: RankSnapshotState) -> dict:
    return {
        "built_at": state.built_at.isoformat(),
        "as_of": state.as_of.isoformat() if state.as_of else None,
        "row_count": state.row_count,
        "final": state.final,
    }


def _state(round: Round, board: Board, entry: dict) -> RankSnapshotState:
    """A detached copy of the state the entry was filled from (never added to the session)."""
    moments = {name: _when(entry[name]) for name in _MOMENTS}
    return RankSnapshotState(
        round_id=round.id,
        board=board,
        row_count=entry["row_count"],
        final=entry["final"],
        stale=False,
        **moments,
    )


def _line_entry(line: Standing) -> dict:
    entry = asdict(replace(line, id_number=None, phone=None))
    entry["submitted_at"] = line.submitted_at.isoformat() if line.submitted_at else None
    return entry


def _line(entry: dict) -> Standing:
    return Standing(**{**entry, "submitted_at": _when(entry["submitted_at"])})


def public_page(
    round: Round, board: Board, now: datetime, *, offset: int = 0, limit: int = 50
) -> tuple[RankSnapshotState, list[Standing]]:
    """The snapshot's state and a page of the board, as the public sees them."""
    scope, _contest = cache.round_scopes(round.id, round.contest_id)
    slot = cache.lookup(scope, "board", board.value, offset, limit)
    if slot.value is not None:
        state = _state(round, board, slot.value["state"])
        if not needs_rebuild(state, round, now):
            return state, [_line(entry) for entry in slot.value["lines"]]
    state = current_snapshot(round, board, now)
    lines = standings(round, board, offset=offset, limit=limit)
    slot.fill({"state": _state_entry(state), "lines": [_line_entry(line) for line in lines]})
    return state, [replace(line, id_number=None, phone=None) for line in lines]


def _plain(value):
    """A value JSON keeps as it is (PostgreSQL's SUM of integers is a Decimal)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _public_row(row) -> dict:
    entry = {key: _plain(value) for key, value in row.items() if key not in ("id_number", "phone")}
    entry["submitted_at"] = row["submitted_at"].isoformat() if row["submitted_at"] else None
    return entry


def public_contest_page(
    contest: Contest, *, frozen: bool, offset: int = 0, limit: int = 50
) -> tuple[list[dict], int]:
    """A page of the contest's ranking across rounds as the public sees it, and the total.

    It is computed from the attempts, not from a snapshot, so it is kept no longer than a
    round's board may be old (RANKING_SNAPSHOT_MAX_AGE_SECONDS); a change to one of its
    rounds' boards (a rebuild, a regrade) moves it on at once.
    """

    def compute() -> dict:
        rows, total = contest_standings(contest, None, offset=offset, limit=limit, frozen=frozen)
        return {"rows": [_public_row(row) for row in rows], "total": total}

    seconds = current_app.config.get("RANKING_SNAPSHOT_MAX_AGE_SECONDS", 60)
    scope = f"contest:{contest.id}"
    entry = cache.remember(scope, ("board", frozen, offset, limit), compute, seconds)
    rows = [{**row, "submitted_at": _when(row["submitted_at"])} for row in entry["rows"]]
    return rows, entry["total"]
