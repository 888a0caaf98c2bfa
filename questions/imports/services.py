"""Importing a bank: preview (writes nothing), commit (one transaction, bulk writes), undo."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import Conflict, ContestError, NotFound
from contest.core.extensions import db
from questions.importer import ParsedQuestion, ParseReport, WorkbookError, parse_workbook
from questions.imports.bulk import write_questions
from questions.imports.uploads import sha256_of
from questions.models import Question, QuestionImport
from questions.services import known_fingerprints

PREVIEW_ROWS = 20
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Any constant that no other part of the platform uses as an advisory lock key.
_IMPORT_LOCK_KEY = 7_301_003
Progress = Callable[[int, int], None]
Upload = bytes | str | os.PathLike[str]


class BadWorkbook(ContestError):
    """The importer refused the file as a whole; code invalid_workbook (413 file_too_large)."""

    code = "invalid_workbook"

    @classmethod
    def from_error(cls, error: WorkbookError) -> BadWorkbook:
        too_large = error.code == "file_too_large"
        refusal = cls(
            error.message,
            code=error.code if too_large else cls.code,
            details={**error.details, "reason": error.code},
        )
        refusal.status = 413 if too_large else 400
        return refusal


class ImportHasErrors(ContestError):
    """A file with row errors writes nothing unless the organizer imports only its valid rows."""

    code = "import_has_errors"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, in a dry run, would do)."""

    report: ParseReport
    imported: int
    dry_run: bool
    accept_partial: bool
    record: QuestionImport | None = None

    @property
    def blocked_by_errors(self) -> bool:
        return bool(self.report.errors) and not self.accept_partial

    def to_dict(self) -> dict[str, Any]:
        """The API answer: {import_id, imported, duplicates, errors, converted_rows, by_topic}."""
        return {
            "import_id": self.record.id if self.record else None,
            **self.report.to_dict(self.imported),
        }

    def sample(self, count: int = PREVIEW_ROWS) -> list[ParsedQuestion]:
        return self.report.questions[:count]


def upload_limit() -> int:
    """The largest bank accepted, in bytes (the request size limit)."""
    return current_app.config.get("MAX_CONTENT_LENGTH") or DEFAULT_MAX_BYTES


def parse_upload(
    data: Upload, filename: str, *, against_bank: bool = True, progress: Progress | None = None
) -> ParseReport:
    """Parse an upload (BadWorkbook if unusable); against_bank: bank questions are duplicates."""
    try:
        return parse_workbook(
            data,
            filename,
            max_bytes=upload_limit(),
            known_fingerprints=known_fingerprints() if against_bank else frozenset(),
            progress=progress,
        )
    except WorkbookError as error:
        raise BadWorkbook.from_error(error) from None


def preview_import(
    data: Upload, filename: str, *, accept_partial: bool = False, progress: Progress | None = None
) -> ImportOutcome:
    """What importing the file would do; reads the bank, writes nothing."""
    report = parse_upload(data, filename, progress=progress)
    would = 0 if report.errors and not accept_partial else len(report.questions)
    return ImportOutcome(report, would, dry_run=True, accept_partial=accept_partial)


def commit_import(
    data: Upload,
    filename: str,
    *,
    accept_partial: bool = False,
    user_id: int | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import the valid, new questions of a file and record the import; flushes, never commits.

    Raises ImportHasErrors (nothing written) when the file has row errors and accept_partial
    is false. Everything happens in the caller's transaction: a failure leaves no trace.
    """
    # Deduplicated against the bank only once imports are serialised (_against_bank below).
    report = parse_upload(data, filename, against_bank=False, progress=progress)
    if report.errors and not accept_partial:
        report = _against_bank(report)
        outcome = ImportOutcome(report, 0, dry_run=False, accept_partial=False)
        raise ImportHasErrors(_has_errors_message(len(report.errors)), details=outcome.to_dict())
    now = utcnow()
    record = QuestionImport(
        filename=filename[:255],
        sha256=sha256_of(data),
        created_by_id=user_id,
        created_at=now,
        accept_partial=accept_partial,
        error_count=len(report.errors),
        report={},
    )
    db.session.add(record)
    db.session.flush()  # the first write: from here SQLite holds the write lock
    _lock_bank()
    report = _against_bank(report)
    write_questions(report.questions, import_id=record.id, user_id=user_id, now=now)
    outcome = ImportOutcome(report, len(report.questions), False, accept_partial, record)
    record.imported, record.duplicates = outcome.imported, report.duplicates
    record.report = outcome.to_dict()
    db.session.flush()
    audit.record(
        "question_import.create",
        "question_import",
        record.id,
        after={
            "filename": record.filename,
            "sha256": record.sha256,
            "imported": record.imported,
            "duplicates": record.duplicates,
            "errors": record.error_count,
        },
    )
    return outcome


def _has_errors_message(count: int) -> str:
    return str(
        _l(
            "Tệp có %(n)s lỗi nên chưa câu hỏi nào được nhập. Hãy sửa các dòng lỗi rồi tải "
            "lên lại, hoặc chọn “Chỉ nhập các dòng hợp lệ”.",
            n=count,
        )
    )


def _lock_bank() -> None:
    """Serialise imports, so that two uploads of one file cannot both pass deduplication.

    SQLite already has a single writer, and the caller has written; PostgreSQL takes a
    transaction-level advisory lock, released at commit or rollback.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK_KEY})


def _against_bank(report: ParseReport) -> ParseReport:
    """The report without the questions the bank already has; they count as duplicates."""
    known = known_fingerprints()
    fresh = [question for question in report.questions if question.fingerprint not in known]
    if len(fresh) == len(report.questions):
        return report
    dropped = len(report.questions) - len(fresh)
    return dataclasses.replace(report, questions=fresh, duplicates=report.duplicates + dropped)


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
