"""Locked means locked: once a prize list rests on a round, nothing changes what it rests on.

A round's `results_locked_at` is set by the prize list's lock (contest.prizes.decisions) and
cleared only by an unlock two judges approved (contest.prizes.unlock). While it is set, the
round's window and scoring settings, and its attempts, answers and regrades, refuse every
change. Services check first (`ensure_results_open`) for a clear message; a flush guard
refuses the same changes by whatever path they come (API, page, command, worker), so a new
path cannot forget the rule. Domains above rounds register their tables with `guard`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from contest.core.errors import Conflict
from contest.rounds.models import Round

# What a locked list rests on: when the round ran, and how its answers were scored and ranked.
ROUND_COLUMNS = frozenset(
    {
        "opens_at",
        "closes_at",
        "closed_early_at",
        "time_limit_seconds",
        "points_per_question",
        "points_by_difficulty",
        "multi_choice_scoring",
        "max_attempts",
        "cooldown_seconds",
        "counted_attempt",
        "prediction_target",
        "prediction_actual",
        "tie_break",
        "pool_snapshot",
    }
)


class ResultsLocked(Conflict):
    code = "results_locked"
    default_message = _l(
        "Danh sách giải dựa trên tuần thi này đã khóa: không thể thay đổi thời gian, cách tính "
        "điểm, bài làm hay câu trả lời. Cần hai giám khảo đồng ý mở khoá trước."
    )


@dataclass(frozen=True)
class Guarded:
    """A table whose rows belong to a round, and which of its columns a lock freezes."""

    model: type
    round_id_of: Callable[[Session, Any], int | None]
    columns: frozenset[str] | None = None  # None: every column (a new or deleted row always)


_guarded: list[Guarded] = [Guarded(Round, lambda _session, round: round.id, ROUND_COLUMNS)]


def guard(model: type, round_id_of: Callable[[Session, Any], int | None], columns=None) -> None:
    """Freeze `model`'s rows (or these columns of them) while their round's results are locked."""
    _guarded.append(Guarded(model, round_id_of, frozenset(columns) if columns else None))


def ensure_results_open(round: Round) -> None:
    """Refuse a change to what a locked prize list rests on."""
    if round.results_locked_at is not None:
        raise ResultsLocked()


def _changed(state, columns: Iterable[str]) -> bool:
    return any(state.attrs[name].history.has_changes() for name in columns)


def _touches(session: Session, obj: Any, rule: Guarded) -> bool:
    state = inspect(obj)
    if obj in session.new or obj in session.deleted:
        return True
    columns = rule.columns or [c.key for c in state.mapper.column_attrs]
    return _changed(state, columns)


def _round_locked(session: Session, round_id: int | None) -> bool:
    if round_id is None:
        return False
    round = session.get(Round, round_id)
    if round is None:
        return False
    history = inspect(round).attrs.results_locked_at.history
    return round.results_locked_at is not None or any(history.deleted or ())


@event.listens_for(Session, "before_flush")
def _refuse_changes_under_a_lock(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        for obj in chain(session.new, session.dirty, session.deleted):
            for rule in _guarded:
                if not isinstance(obj, rule.model) or not _touches(session, obj, rule):
                    continue
                if _round_locked(session, rule.round_id_of(session, obj)):
                    raise ResultsLocked()
