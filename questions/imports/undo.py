"""Undoing an import: its questions are deleted while none of them has been used in a round."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import Conflict, NotFound
from contest.core.extensions import db
from questions.models import Question, QuestionImport


def undo_import(import_id: int, *, user_id: int | None = None) -> QuestionImport:
    """Delete an import's questions (their versions and options cascade) while none is used.

    Flushes only; on any refusal the caller rolls the whole transaction back.
    """
    record = db.session.get(QuestionImport, import_id, with_for_update=True)
    if record is None:
        raise NotFound(_l("Không tìm thấy lần nhập này."))
    if record.undone_at is not None:
        raise Conflict(_l("Lần nhập này đã được hoàn tác."), code="import_already_undone")
    record.undone_at, record.undone_by_id = utcnow(), user_id
    db.session.flush()  # the first write: from here SQLite holds the write lock
    of_import = Question.import_id == import_id
    used = db.session.scalar(select(func.count()).where(of_import, Question.used_at.is_not(None)))
    if used:
        raise _in_use(used)
    total = db.session.scalar(select(func.count()).where(of_import))
    try:
        # used_at IS NULL again: on PostgreSQL a round may have drawn a question since the count.
        deleted = db.session.execute(
            delete(Question).where(of_import, Question.used_at.is_(None)),
            execution_options={"synchronize_session": False},
        ).rowcount
    except IntegrityError:  # a round or an attempt points at one of the questions
        raise _in_use(None) from None
    if deleted != total:
        raise _in_use(total - deleted)
    audit.record(
        "question_import.undo",
        "question_import",
        record.id,
        before={"imported": record.imported},
        after={"deleted": total},
    )
    return record


def _in_use(count: int | None) -> Conflict:
    message = _l(
        "Không thể hoàn tác: đã có câu hỏi của lần nhập này được đưa vào một tuần thi. "
        "Hãy ngừng dùng từng câu hỏi thay vì hoàn tác."
    )
    return Conflict(message, code="import_in_use", details={"used": count} if count else None)


def undoable_imports(import_ids: Sequence[int]) -> set[int]:
    """Which of these (not undone) imports have no question used in a round yet."""
    if not import_ids:
        return set()
    used = set(
        db.session.scalars(
            select(Question.import_id)
            .where(Question.import_id.in_(import_ids), Question.used_at.is_not(None))
            .distinct()
        )
    )
    return set(import_ids) - used
