"""Importing a bank: preview (writes nothing), commit (one transaction, bulk writes)."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import ContestError
from contest.core.extensions import db
from contest.core.i18n import display_zone
from questions.importer import ParsedQuestion, ParseReport, WorkbookError
from questions.imports.bulk import write_questions
from questions.imports.choices import ImportChoices
from questions.imports.mappings import Reading, read_upload, remember, saved_mapping
from questions.imports.uploads import sha256_of
from questions.models import ImportMapping, QuestionImport
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


class CodesNeeded(ContestError):
    """Topic or difficulty codes without a name: the import would make topics named "1"."""

    code = "unresolved_codes"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, in a dry run, would do), and how the file's columns were read."""

    report: ParseReport
    imported: int
    dry_run: bool
    accept_partial: bool
    record: QuestionImport | None = None
    reading: Reading | None = None

    @property
    def blocked_by_errors(self) -> bool:
        return bool(self.report.errors) and not self.accept_partial

    @property
    def choices(self) -> ImportChoices:
        return self.reading.choices if self.reading else ImportChoices()

    def to_dict(self) -> dict[str, Any]:
        """The API answer: {import_id, imported, duplicates, errors, converted_rows, by_topic}
        and how the file was read: source, mapping, codes, unresolved_codes."""
        report = self.report
        return {
            "import_id": self.record.id if self.record else None,
            **report.to_dict(self.imported),
            "source": report.source,
            "mapping": self._mapping(),
            "codes": report.codes,
            "unresolved_codes": report.unresolved_codes,
        }

    def _mapping(self) -> dict[str, Any] | None:
        if self.report.mapping is None:
            return None
        saved = self.reading.saved if self.reading else None
        proposal = json.loads(json.dumps(self.report.mapping.to_dict()))  # tuples as lists
        return {
            **proposal,
            "applied": self.reading.applied if self.reading else "detected",
            "saved_at": saved.saved_at.astimezone(display_zone()).isoformat() if saved else None,
        }

    def sample(self, count: int = PREVIEW_ROWS) -> list[ParsedQuestion]:
        return self.report.questions[:count]


def upload_limit() -> int:
    """The largest bank accepted, in bytes (the request size limit)."""
    return current_app.config.get("MAX_CONTENT_LENGTH") or DEFAULT_MAX_BYTES


def read(
    data: Upload,
    filename: str,
    choices: ImportChoices | None = None,
    *,
    against_bank: bool = True,
    progress: Progress | None = None,
    lookup: Callable[[str], ImportMapping | None] | None = None,
) -> Reading:
    """Parse an upload (BadWorkbook if unusable); against_bank: bank questions are duplicates."""
    try:
        return read_upload(
            data,
            filename,
            choices or ImportChoices(),
            max_bytes=upload_limit(),
            known=known_fingerprints() if against_bank else frozenset(),
            progress=progress,
            lookup=lookup,
        )
    except WorkbookError as error:
        raise BadWorkbook.from_error(error) from None


def parse_upload(
    data: Upload, filename: str, *, against_bank: bool = True, progress: Progress | None = None
) -> ParseReport:
    """The report of an upload read as detected or remembered (BadWorkbook if unusable)."""
    return read(data, filename, against_bank=against_bank, progress=progress).report


def preview_import(
    data: Upload,
    filename: str,
    *,
    accept_partial: bool = False,
    progress: Progress | None = None,
    choices: ImportChoices | None = None,
) -> ImportOutcome:
    """What importing the file would do; reads the bank, writes nothing."""
    reading = read(data, filename, choices, progress=progress)
    report = reading.report
    blocked = (report.errors and not accept_partial) or report.unresolved_codes
    would = 0 if blocked else len(report.questions)
    return ImportOutcome(report, would, True, accept_partial, reading=reading)


def remember_choices(
    data: Upload, filename: str, choices: ImportChoices, *, user_id: int | None
) -> Reading:
    """Read the upload with the organizer's choices and remember them for files like it.

    BadWorkbook when the file still cannot be read (the mapping lacks a required field).
    """
    reading = read(data, filename, choices)
    remember(reading.report.mapping, reading.choices, user_id)
    return reading


def commit_import(
    data: Upload,
    filename: str,
    *,
    accept_partial: bool = False,
    user_id: int | None = None,
    progress: Progress | None = None,
    choices: ImportChoices | None = None,
) -> ImportOutcome:
    """Import the valid, new questions of a file and record the import; flushes, never commits.

    Raises ImportHasErrors (nothing written) when the file has row errors and accept_partial
    is false, CodesNeeded when topic or difficulty codes have no name. Everything happens in
    the caller's transaction: a failure leaves no trace. Choices given are remembered for the
    next file with the same headers.
    """
    # Nothing is read from the database before the first write (the import's record): on
    # SQLite a transaction that read first could not write once another import committed.
    # The remembered mappings are looked up after it, deduplication once imports are serialised.
    record = QuestionImport(
        filename=filename[:255],
        sha256=sha256_of(data),
        created_by_id=user_id,
        accept_partial=accept_partial,
        report={},
    )

    def lookup(signature: str) -> ImportMapping | None:
        if record.id is None:
            _start(record)
        return saved_mapping(signature)

    reading = read(data, filename, choices, against_bank=False, progress=progress, lookup=lookup)
    report = reading.report
    if record.id is None:
        _start(record)
    if report.unresolved_codes or (report.errors and not accept_partial):
        report = _against_bank(report)
        outcome = ImportOutcome(report, 0, False, accept_partial, reading=reading)
        if report.unresolved_codes:
            raise CodesNeeded(_codes_message(report.unresolved_codes), details=outcome.to_dict())
        raise ImportHasErrors(_has_errors_message(len(report.errors)), details=outcome.to_dict())
    now = record.created_at
    record.error_count = len(report.errors)
    report = _against_bank(report)
    write_questions(report.questions, import_id=record.id, user_id=user_id, now=now)
    if choices is not None and choices.given:
        remember(report.mapping, reading.choices, user_id)
    outcome = ImportOutcome(report, len(report.questions), False, accept_partial, record, reading)
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


def _start(record: QuestionImport) -> None:
    """Write the import's record (the first write: SQLite's write lock), then serialise imports."""
    record.created_at = utcnow()
    db.session.add(record)
    db.session.flush()
    _lock_bank()


def _codes_message(unresolved: dict[str, list[str]]) -> str:
    names = {"topic": _l("chủ đề"), "difficulty": _l("mức độ")}
    listed = "; ".join(
        f"{names.get(field, field)}: {', '.join(codes[:10])}" for field, codes in unresolved.items()
    )
    return str(
        _l(
            "Tệp dùng mã chưa có tên (%(codes)s). Hãy cho biết mỗi mã là chủ đề hoặc mức độ nào "
            "rồi nhập lại; các câu hỏi chưa được nhập.",
            codes=listed,
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
