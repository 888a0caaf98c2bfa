"""Turning workbook rows into typed questions, plus a report naming every problem by cell.

The types of the result live in ``report`` and the checks of a row in ``checks``; the first are
re-exported here for code that imports them from this module.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from operator import itemgetter

from questions.importer import errors
from questions.importer.checks import RowChecks, quick_question
from questions.importer.errors import WorkbookError, shorten, workbook_error
from questions.importer.headers import QUESTION, Layout, find_layout, headers_seen, recognise
from questions.importer.reader import Sheet, read_workbook
from questions.importer.report import ConvertedRow, ParsedOption, ParsedQuestion, ParseReport
from questions.importer.text import CellCleaner

__all__ = ["ConvertedRow", "ParseReport", "ParsedOption", "ParsedQuestion", "parse_workbook"]

_PROGRESS_EVERY = 1000
_HEADER_LENGTH = 40  # longer question cells are never a header


def parse_workbook(
    data: bytes | str | os.PathLike[str],
    filename: str,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    known_fingerprints: Container[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> ParseReport:
    """Read every sheet of a question bank; raise WorkbookError when the file itself is unusable."""
    with _bulk_allocation():
        return _parse(data, filename, max_bytes, known_fingerprints, progress)


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    # Every cell and question allocated here survives to the end, so the cyclic collector would
    # rescan a growing heap for nothing (~10% of the time). Reference counting still frees all.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(
    data: bytes | str | os.PathLike[str],
    filename: str,
    max_bytes: int,
    known_fingerprints: Container[str],
    progress: Callable[[int, int], None] | None,
) -> ParseReport:
    sheets = read_workbook(data, filename, max_bytes=max_bytes)
    cleaner = CellCleaner()
    report = ParseReport()
    laid_out: list[tuple[Sheet, Layout]] = []
    unrecognised: dict[str, list[str]] = {}
    for sheet in sheets:
        layout = find_layout(sheet.rows, cleaner.text)
        if layout is not None:
            laid_out.append((sheet, layout))
            report.sheets.append(sheet.name)
        elif _has_data(sheet):
            unrecognised[sheet.name] = headers_seen(sheet.rows, cleaner.text)
    if not laid_out:
        raise _no_data(filename, unrecognised)
    report.skipped_sheets = list(unrecognised)
    _RowParser(report, known_fingerprints, progress, laid_out).run()
    return report


def _has_data(sheet: Sheet) -> bool:
    return any(not isinstance(value, str) or value.strip() for row in sheet.rows for value in row)


def _no_data(filename: str, unrecognised: dict[str, list[str]]) -> WorkbookError:
    if not unrecognised:
        return workbook_error(errors.EMPTY_WORKBOOK, filename=filename)
    found = "; ".join(
        f'trang "{name}": ' + (", ".join(f'"{shorten(h, 40)}"' for h in headers) or "(trống)")
        for name, headers in unrecognised.items()
    )
    return workbook_error(errors.NO_HEADER, {"headers_found": unrecognised}, found=found)


class _RowParser:
    """Walks the data rows of every laid-out sheet; one instance per import."""

    def __init__(
        self,
        report: ParseReport,
        known: Container[str],
        progress: Callable[[int, int], None] | None,
        laid_out: list[tuple[Sheet, Layout]],
    ) -> None:
        self.report, self.known, self.progress, self.laid_out = report, known, progress, laid_out
        self.cleaner = CellCleaner()
        self.seen: set[str] = set()
        # First spelling of each topic, so "hiến  pháp" joins "Hiến pháp"; topics caches by cell.
        self.spellings: dict[str, str] = {}
        self.topics: dict[str, str] = {}

    def run(self) -> None:
        """Parse every sheet, reporting progress every thousand rows."""
        total = sum(len(sheet.rows) - layout.header_row - 1 for sheet, layout in self.laid_out)
        done = 0
        for sheet, layout in self.laid_out:
            topic = self.topic(CellCleaner().text(sheet.name)) or sheet.name
            fetch = itemgetter(*layout.cells)  # column -1 (no such column) reads the "" appended
            for index in range(layout.header_row + 1, len(sheet.rows)):
                values = sheet.rows[index]
                values.append("")
                self.row(sheet, layout, index, topic, fetch(values))
                done += 1
                if self.progress is not None and done % _PROGRESS_EVERY == 0:
                    self.progress(done, total)
        if self.progress is not None:
            self.progress(done, total)

    def row(
        self, sheet: Sheet, layout: Layout, index: int, sheet_topic: str, values: tuple
    ) -> None:
        """Parse one row (the cells the layout names) into the report, or skip it if blank."""
        self.cleaner.encoding = None
        # Question, answer, options A.., then type, level, topic, legal basis, explanation.
        cells = self.cleaner.texts(values)
        question, answer, options = cells[0], cells[1], cells[2 : layout.extras_at]
        if not (question or answer or any(options)):
            return
        if len(question) <= _HEADER_LENGTH and _repeated_header(question):
            return
        extras = cells[layout.extras_at :]
        extras[2] = self.topic(extras[2]) or sheet_topic
        line = sheet.first_row + index + 1
        parsed = quick_question(sheet.name, line, question, options, answer, extras)
        if parsed is None:
            checks = RowChecks(sheet, layout, index)
            parsed = checks.question(question, options, answer, extras)
        report = self.report
        report.rows_read += 1
        if self.cleaner.encoding is not None:
            report.converted_rows.append(ConvertedRow(sheet.name, line, self.cleaner.encoding))
        if parsed is None:
            report.errors.extend(checks.errors)
        elif parsed.fingerprint in self.seen or parsed.fingerprint in self.known:
            report.duplicates += 1
        else:
            self.seen.add(parsed.fingerprint)
            report.questions.append(parsed)

    def topic(self, text: str) -> str:
        """The first spelling met of a topic, compared case-insensitively."""
        known = self.topics.get(text)
        if known is None:
            known = self.topics[text] = self.spellings.setdefault(text.casefold(), text)
        return known


def _repeated_header(question: str) -> bool:
    # A second header row (two banks pasted together) is not a question.
    known = recognise(question)
    return known is not None and known[0] == QUESTION
