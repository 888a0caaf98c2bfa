"""Answers: the attempt's questions as shown, and saving answers that never get lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Insert, Row, bindparam, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contest.accounts.models import User
from contest.attempts.marking import grading
from contest.attempts.models import Answer, Attempt, AttemptEventKind
from contest.attempts.own_attempts import get_own_attempt, lock_own_attempt_clock
from contest.attempts.paper import PaperItem, paper, saved_answers
from contest.attempts.start import Client, log_event
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
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

    A choice question takes option_ids, a fill-in question the text typed. The attempt row is
    locked so that a save and the attempt's closing never interleave: an answer either counts
    or was refused, never saved-but-unscored; the save is timed once the lock is held. The
    attempt is read as a row (`AttemptClock`), as an object only when the save is refused.
    """
    attempt, now = lock_own_attempt_clock(attempt_id, user, now)
    item = next((i for i in paper(attempt) if i.question_id == question_id), None)
    if item is None:
        raise NotFound(_l("Câu hỏi này không thuộc bài thi của bạn."))
    if attempt.is_final or grading.is_past(attempt.deadline, attempt.closes_at, now):
        closed = get_own_attempt(attempt_id, user, lock=True)  # as it stands, to close it
        grading.finalize_overdue([closed], now)
        late = option_ids if text is None else None
        log_event(closed, AttemptEventKind.LATE_SAVE, client, now, question_id, late, text)
        raise AttemptClosed()
    fill_in = item.qtype == QuestionType.FILL_IN
    if fill_in:
        chosen, typed = [], _valid_text(option_ids, text)
    else:
        chosen, typed = _valid_choice(item, option_ids, text), None
    answer = _store(attempt.id, question_id, chosen, typed, now, seq)
    logged = None if fill_in else chosen
    log_event(attempt, AttemptEventKind.SAVE, client, now, question_id, logged, typed)
    db.session.flush()
    return answer


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
        table = Answer.__table__
        insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(table)
        new = insert.excluded
        statement = _upserts[dialect] = insert.on_conflict_do_update(
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
    return statement


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
    chosen, shown = sorted(set(option_ids)), item.option_ids
    if any(option_id not in shown for option_id in chosen):
        raise InvalidOption()
    if item.qtype != QuestionType.MULTIPLE and len(chosen) > 1:
        raise InvalidOption(_l("Câu hỏi này chỉ được chọn một phương án."))
    return chosen
