"""Answers: the attempt's questions as shown, and saving answers that never get lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NoReturn

from flask_babel import lazy_gettext as _l
from sqlalchemy import Insert, Row, bindparam, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contest.accounts.models import User
from contest.attempts.marking import grading
from contest.attempts.models import Answer, Attempt, AttemptEventKind, AttemptStatus
from contest.attempts.own_attempts import AttemptClock, get_own_attempt, lock_own_attempt_clock
from contest.attempts.paper import PaperItem, paper, saved_answers
from contest.attempts.start import Client, log_event
from contest.core.clock import utcnow
from contest.core.database import begin_writing
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds.models import Round
from questions.importer.fill_in import MAX_ANSWER_LENGTH as MAX_TYPED
from questions.models import QuestionType


class AttemptClosed(Conflict):
    code = "attempt_closed"
    keeps_changes = True  # the refused save stays on record for the judges
    default_message = _l(
        "Bài thi đã kết thúc (đã nộp hoặc đã hết giờ); câu trả lời này không được ghi nhận."
    )


class InvalidOption(InvalidInput):
    code = "invalid_option"
    default_message = _l("Phương án đã chọn không thuộc câu hỏi này.")


class InvalidAnswer(InvalidInput):
    code = "invalid_answer"
    default_message = _l("Câu trả lời không hợp lệ.")


@dataclass(frozen=True)
class SheetItem:
    """One question as the candidate sees it: no hint of the correct option or answers."""

    question_id: int
    position: int
    text: str
    qtype: str
    options: list[tuple[int, str]]
    chosen: list[int]
    typed: str = ""  # a fill-in question's saved answer
    points: float | None = None  # the question's own points, when it has them

    @property
    def fill_in(self) -> bool:
        return self.qtype == QuestionType.FILL_IN.value

    @property
    def answered(self) -> bool:
        return bool(self.chosen or self.typed)


def sheet(attempt: Attempt, *, fresh: bool = False) -> list[SheetItem]:
    """The attempt's questions in the order shown, options in their shown order, saved choices.

    A fresh attempt (just drawn) has nothing saved yet: its answers are not read.
    """
    choices, texts = ({}, {}) if fresh else saved_answers([attempt.id])
    chosen, typed = choices.get(attempt.id, {}), texts.get(attempt.id, {})
    return [
        SheetItem(
            question_id=item.question_id,
            position=item.position,
            text=item.text,
            qtype=item.qtype,
            options=list(item.options),
            chosen=chosen.get(item.question_id, []),
            typed=typed.get(item.question_id, ""),
            points=item.points,
        )
        for item in paper(attempt)
    ]


def save_answer(
    attempt_id: int,
    user: User,
    question_id: int,
    option_ids: list[int] | None,
    *,
    text: str | None = None,
    client: Client,
    now: datetime,
    seq: int | None = None,
) -> Row:
    """Save (or change, or clear with [] or "") one answer; refused and logged once time is up.

    A choice question takes option_ids, a fill-in question the text typed. A save and the
    attempt's closing never interleave: an answer either counts or was refused, never
    saved-but-unscored; the save is timed once it may write. On PostgreSQL the attempt's row is
    locked as it is read. On SQLite (one writer at a time) the API's save reads and checks
    before it takes the write lock, then writes only if the attempt is still as it read it
    (`_store_if_unchanged`): the lock is held for the write alone. The attempt is read as a row
    (`AttemptClock`), as an object only when the save is refused.
    """
    attempt, now = lock_own_attempt_clock(attempt_id, user, now)
    item = next((i for i in paper(attempt) if i.question_id == question_id), None)
    if item is None:
        raise NotFound(_l("Câu hỏi này không thuộc bài thi của bạn."))
    if attempt.is_final or grading.is_past(attempt.deadline, attempt.closes_at, now):
        _refuse_late(attempt_id, user, question_id, option_ids, text, client, now)
    fill_in = item.qtype == QuestionType.FILL_IN
    if fill_in:
        chosen, typed = [], _valid_text(option_ids, text)
    else:
        chosen, typed = _valid_choice(item, option_ids, text), None
    answer = None
    if begin_writing():  # read before the write lock, which is held from here on
        now = max(now, utcnow())
        if not grading.is_past(attempt.deadline, attempt.closes_at, now):
            answer = _store_if_unchanged(attempt, question_id, chosen, typed, now, seq)
        if answer is None:  # changed meanwhile (submitted, closed early), late, or older
            attempt, now = lock_own_attempt_clock(attempt_id, user, now)
            if attempt.is_final or grading.is_past(attempt.deadline, attempt.closes_at, now):
                _refuse_late(attempt_id, user, question_id, option_ids, text, client, now)
    if answer is None:
        answer = _store(attempt.id, question_id, chosen, typed, now, seq)
    logged = None if fill_in else chosen
    log_event(attempt, AttemptEventKind.SAVE, client, now, question_id, logged, typed)
    db.session.flush()
    return answer


def _refuse_late(
    attempt_id: int,
    user: User,
    question_id: int,
    option_ids: list[int] | None,
    text: str | None,
    client: Client,
    now: datetime,
) -> NoReturn:
    """Close the attempt if its time is up, note the refused save for the judges, refuse it."""
    begin_writing()
    closed = get_own_attempt(attempt_id, user, lock=True)  # as it stands, to close it
    grading.finalize_overdue([closed], now)
    late = option_ids if text is None else None
    log_event(closed, AttemptEventKind.LATE_SAVE, client, now, question_id, late, text)
    raise AttemptClosed()


# What a save answers with: the answer as stored (a newer one, if this save came late).
STORED = (Answer.option_ids, Answer.text, Answer.saved_at, Answer.save_count, Answer.client_seq)
_upserts: dict[str, Insert] = {}


def _upsert(dialect: str) -> Insert:
    """The save's upsert, built once per dialect: a save only binds its values to it.

    Built per request, its construction and cache key cost more than running it on SQLite,
    inside the write lock that every save of the node queues for.
    """
    statement = _upserts.get(dialect)
    if statement is None:
        insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(Answer.__table__)
        statement = _upserts[dialect] = _with_upsert(insert)
    return statement


def _with_upsert(insert):
    """The insert, changing the stored answer instead when there is one, unless that is newer
    (a later sequence number); returning the answer as stored (`STORED`)."""
    table = Answer.__table__
    new = insert.excluded
    return insert.on_conflict_do_update(
        index_elements=[table.c.attempt_id, table.c.question_id],
        set_={
            "option_ids": new.option_ids,
            "text": new.text,
            "saved_at": new.saved_at,
            "client_seq": new.client_seq,
            "save_count": table.c.save_count + 1,
        },
        where=or_(
            new.client_seq.is_(None),
            table.c.client_seq.is_(None),
            new.client_seq > table.c.client_seq,
        ),
    ).returning(*STORED)


_STORED_ANSWER = (
    select(*STORED)
    .where(Answer.attempt_id == bindparam("attempt_id"))
    .where(Answer.question_id == bindparam("question_id"))
)


def _store(
    attempt_id: int, question_id: int, chosen: list[int], typed: str | None, now: datetime, seq
) -> Row:
    """Insert or change the answer in one statement (an upsert); an older save changes nothing.

    A save carrying a sequence number older than the stored one (a retry that arrived late)
    leaves the newer answer in place and returns it.
    """
    connection = db.session.connection()
    key = {"attempt_id": attempt_id, "question_id": question_id}
    values = {"option_ids": chosen, "text": typed, "saved_at": now, "client_seq": seq}
    stored = connection.execute(
        _upsert(connection.dialect.name), {**key, **values, "save_count": 1}
    ).first()
    if stored is None:  # the stored answer is newer: it stands
        stored = connection.execute(_STORED_ANSWER, key).one()
    return stored


@cache
def _guarded_upsert() -> Insert:
    """The save's upsert (SQLite), made only while the attempt is as the save read it: still in
    progress, with the same deadline and the same closing time of its round. Built once."""
    answer, attempt, round_ = Answer.__table__, Attempt.__table__, Round.__table__
    attempt_id = bindparam("attempt_id", type_=answer.c.attempt_id.type)
    values = (
        select(
            attempt_id,
            bindparam("question_id", type_=answer.c.question_id.type),
            bindparam("option_ids", type_=answer.c.option_ids.type),
            bindparam("text", type_=answer.c.text.type),
            bindparam("saved_at", type_=answer.c.saved_at.type),
            bindparam("client_seq", type_=answer.c.client_seq.type),
            literal(1),
        )
        .select_from(attempt.join(round_, round_.c.id == attempt.c.round_id))
        .where(
            attempt.c.id == attempt_id,
            attempt.c.status == AttemptStatus.IN_PROGRESS,
            attempt.c.deadline == bindparam("deadline", type_=attempt.c.deadline.type),
            round_.c.closes_at == bindparam("closes_at", type_=round_.c.closes_at.type),
        )
    )
    columns = ["attempt_id", "question_id", "option_ids", "text", "saved_at", "client_seq"]
    insert = sqlite_insert(answer).from_select([*columns, "save_count"], values)
    return _with_upsert(insert)


def _store_if_unchanged(
    attempt: AttemptClock, question_id: int, chosen: list[int], typed: str | None, now, seq
) -> Row | None:
    """The answer as stored, or None when nothing was written: the attempt changed since it was
    read, or the stored answer is newer (the caller then looks again, under the lock)."""
    return (
        db.session.connection()
        .execute(
            _guarded_upsert(),
            {
                "attempt_id": attempt.id,
                "question_id": question_id,
                "option_ids": chosen,
                "text": typed,
                "saved_at": now,
                "client_seq": seq,
                "deadline": attempt.deadline,
                "closes_at": attempt.closes_at,
            },
        )
        .first()
    )


def _valid_text(option_ids: list[int] | None, text: str | None) -> str | None:
    """A fill-in answer as stored: trimmed, None when cleared ("" or an empty option list)."""
    if option_ids:
        raise InvalidAnswer(_l("Câu điền từ: hãy gõ câu trả lời thay vì chọn phương án."))
    if text is None:
        if option_ids is None:
            raise InvalidAnswer(_l("Vui lòng gửi câu trả lời (text)."))
        return None
    typed = " ".join(text.split())
    if len(typed) > MAX_TYPED:
        raise InvalidAnswer(_l("Câu trả lời tối đa %(n)s ký tự.", n=MAX_TYPED))
    return typed or None


def _valid_choice(item: PaperItem, option_ids: list[int] | None, text: str | None) -> list[int]:
    if text is not None:
        raise InvalidOption(_l("Câu hỏi này chọn phương án: hãy gửi option_ids."))
    if option_ids is None:
        raise InvalidOption(_l("Vui lòng gửi danh sách phương án đã chọn (option_ids)."))
    chosen = sorted(set(option_ids))
    if any(option_id not in item.option_ids for option_id in chosen):
        raise InvalidOption()
    if item.qtype != QuestionType.MULTIPLE and len(chosen) > 1:
        raise InvalidOption(_l("Câu hỏi này chỉ được chọn một phương án."))
    return chosen
