"""Attempts: start one (drawing its questions from the round's frozen pool) or resume it.

Every start, resume, save and refusal is logged as an AttemptEvent (time, IP, browser) for the
judges.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from contest.accounts.models import User
from contest.attempts import lobby, paper
from contest.attempts.marking import grading
from contest.attempts.models import (
    Attempt,
    AttemptEvent,
    AttemptEventKind,
    AttemptQuestion,
    AttemptStatus,
)
from contest.core.database import begin_writing
from contest.core.errors import Conflict, NotFound
from contest.core.extensions import db
from contest.rounds.models import ContestStatus, Round, RoundState
from contest.rounds.pool import round_pool
from questions.draw import DrawCell, cell_key, draw_questions, new_seed, option_order
from questions.models import Question

if TYPE_CHECKING:
    from contest.attempts.own_attempts import AttemptClock


class RoundNotOpen(Conflict):
    code = "round_not_open"
    default_message = _l("Tuần thi chưa mở hoặc đã kết thúc.")


class AttemptsExhausted(Conflict):
    code = "attempts_exhausted"
    default_message = _l("Bạn đã dùng hết số lượt thi của tuần thi này.")


class Cooldown(Conflict):
    code = "cooldown"


class RoundNotReady(Conflict):
    code = "round_not_ready"
    default_message = _l("Tuần thi chưa đủ câu hỏi để rút đề. Vui lòng liên hệ Ban tổ chức.")


@dataclass(frozen=True)
class Client:
    """Where a request came from, kept with each event for the judges."""

    ip: str | None = None
    user_agent: str | None = None

    @classmethod
    def from_request(cls) -> Client:
        """The client of the current HTTP request (pages and the API)."""
        return cls(ip=request.remote_addr, user_agent=request.user_agent.string)


def start_attempt(round_id: int, user: User, client: Client, now: datetime) -> tuple[Attempt, bool]:
    """Start the candidate's next attempt, or resume the one in progress (created = False)."""
    try:
        return _start(round_id, user, client, now)
    except IntegrityError:
        # A simultaneous start (double click, second tab or device) won the unique indexes:
        # ours was undone in its savepoint; resume theirs.
        return _start(round_id, user, client, now)


def _start(round_id: int, user: User, client: Client, now: datetime) -> tuple[Attempt, bool]:
    round_ = get_round(round_id)
    lobby.require_entry(round_.contest, user, now)
    earlier = db.session.scalars(
        select(Attempt)
        .where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
        .order_by(Attempt.number)
    ).all()
    grading.finalize_overdue(earlier, now)
    current = next((a for a in earlier if a.status == AttemptStatus.IN_PROGRESS), None)
    if current is not None:
        begin_writing()
        log_event(current, AttemptEventKind.RESUME, client, now)
        return current, False
    if round_.contest.status != ContestStatus.PUBLISHED or round_.state_at(now) != RoundState.OPEN:
        raise RoundNotOpen()
    if len(earlier) >= round_.max_attempts:
        raise AttemptsExhausted()
    check_cooldown(round_, earlier, now)
    attempt = _new_attempt(round_, user, len(earlier) + 1, client, now)
    return attempt, True


def get_round(round_id: int) -> Round:
    """An announced round of a published (or archived) contest, else "not found"."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.is_draft or round_.contest.status == ContestStatus.DRAFT:
        raise NotFound()
    return round_


def check_cooldown(round_: Round, earlier: list[Attempt], now: datetime) -> None:
    seconds = grading.cooldown_left(round_, earlier, now)
    if seconds:
        raise Cooldown(
            _l("Bạn có thể thi lượt tiếp theo sau %(n)s giây nữa.", n=seconds),
            details={"retry_after_seconds": seconds},
        )


def _new_attempt(round_: Round, user: User, number: int, client: Client, now: datetime) -> Attempt:
    seed = new_seed()
    seen = set() if number == 1 else _seen_questions(round_, user)
    cells = pool_cells(round_, now)
    ids = draw_questions(seed, cells, seen=seen, shuffle=round_.shuffle_questions)
    if not round_.shuffle_questions:
        # Unshuffled rounds show questions in the pool's order (a fixed list keeps its order).
        order = {qid: i for i, qid in enumerate(q for c in cells for q in c.pool)}
        ids.sort(key=order.__getitem__)
    cards = paper.current_cards(ids)
    # On SQLite all the above read beside the other writers; a simultaneous start of the same
    # candidate meets the unique indexes below (and is resumed), as on PostgreSQL.
    begin_writing()
    attempt = Attempt(
        round=round_,
        user_id=user.id,
        number=number,
        seed=seed,
        started_at=now,
        deadline=min(now + timedelta(seconds=round_.time_limit_seconds), round_.closes_at),
        ip=client.ip,
        user_agent=clip(client.user_agent, 300),
    )
    with db.session.begin_nested():  # a simultaneous start may win the unique indexes
        db.session.add(attempt)
        db.session.flush()
    drawn = [
        DrawnQuestion(
            question_id=qid,
            position=position,
            option_order=option_order(
                seed, qid, cards[qid].option_ids, shuffle=round_.shuffle_options
            ),
        )
        for position, qid in enumerate(ids, start=1)
    ]
    # One multi-row insert, not an ORM object per question and the unit of work's bookkeeping
    # for each: a start is the costliest request of a round's open.
    db.session.execute(
        _QUESTIONS_INSERT,
        [
            {**item._asdict(), "attempt_id": attempt.id, "version_id": cards[item.question_id].id}
            for item in drawn
        ],
    )
    paper.remember(attempt, drawn, cards)
    log_event(attempt, AttemptEventKind.START, client, now)
    return attempt


class DrawnQuestion(NamedTuple):
    """One question as drawn for a new attempt (the row `attempt_question` receives)."""

    question_id: int
    position: int
    option_order: list[int]


_QUESTIONS_INSERT = insert(AttemptQuestion.__table__)


def _seen_questions(round_: Round, user: User) -> set[int]:
    """The questions of the candidate's earlier attempts in the round (a new draw avoids them)."""
    return set(
        db.session.scalars(
            select(AttemptQuestion.question_id)
            .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
            .where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
        )
    )


def pool_cells(round_: Round, now: datetime) -> list[DrawCell]:
    """The round's draw cells over its pool snapshot, captured at the round's first start.

    From then on the round's pool and blueprint never change (only its name and closing time
    may), so each process works the cells out once per round, not on every start.
    """
    if round_.pool_snapshot is None:
        _capture_pool(round_, now)
    frozen = (round_.id, round_.settings_frozen_at)
    with _cells_lock:
        cells = _cells.get(frozen)
    if cells is not None:
        return cells
    counts: dict[str, int] = {}
    for item in round_.blueprint:
        key = cell_key(item.topic_id, item.difficulty.value if item.difficulty else None)
        counts[key] = counts.get(key, 0) + item.count
    cells = [
        DrawCell(cell, tuple(ids), counts.get(cell, len(ids)))
        for cell, ids in round_.pool_snapshot.items()
    ]
    with _cells_lock:
        _cells[frozen] = cells
        while len(_cells) > CELLS_CACHED:
            _cells.popitem(last=False)
    return cells


# Rounds whose draw cells a process keeps (a contest runs a handful of rounds at a time).
CELLS_CACHED = 64
_cells: OrderedDict[tuple[int, datetime | None], list[DrawCell]] = OrderedDict()
_cells_lock = threading.Lock()


def forget_cells() -> None:
    """Drop the draw cells this process keeps (the tests, whose frozen clock gives each new
    database rounds with the same ids and freezing times)."""
    with _cells_lock:
        _cells.clear()


def _capture_pool(round_: Round, now: datetime) -> None:
    """Freeze the round's pool and settings once, even when many candidates start at once."""
    begin_writing()
    # FOR NO KEY UPDATE: the round's key stays free for the starts inserting attempts of it
    # (the foreign key's share lock); FOR UPDATE queued them behind this capture while it
    # waited for them, a deadlock of three starts at a round's open on PostgreSQL.
    locked = db.session.scalar(
        select(Round)
        .where(Round.id == round_.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if locked.pool_snapshot is not None:
        return  # another start captured it while this one waited for the lock
    cells = round_pool(locked)
    if not cells or any(len(cell.pool) < cell.count for cell in cells):
        raise RoundNotReady()
    locked.pool_snapshot = {cell.key: list(cell.pool) for cell in cells}
    locked.settings_frozen_at = now
    db.session.execute(
        update(Question)
        .where(
            Question.id.in_([q for cell in cells for q in cell.pool]), Question.used_at.is_(None)
        )
        # A usage mark is not an edit: updated_at keeps its value.
        .values(used_at=now, updated_at=Question.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def log_event(
    attempt: Attempt | AttemptClock,
    kind: AttemptEventKind,
    client: Client,
    now: datetime,
    question_id: int | None = None,
    option_ids: list[int] | None = None,
    text: str | None = None,
) -> None:
    """Note what happened to the attempt, in its transaction (a row written at once, no ORM
    object: the log is written on every save and read only by judges)."""
    if attempt.id is None:
        db.session.flush()  # the attempt itself first
    db.session.connection().execute(
        _EVENT_INSERT,
        {
            "attempt_id": attempt.id,
            "kind": kind,
            "at": now,
            "question_id": question_id,
            "option_ids": option_ids,
            "text": clip(text, 1000),
            "ip": clip(client.ip, 45),
            "user_agent": clip(client.user_agent, 300),
        },
    )


_EVENT_INSERT = insert(AttemptEvent.__table__)


def clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None
