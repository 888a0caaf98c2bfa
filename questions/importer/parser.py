"""Turning workbook rows into typed questions, plus a report naming every problem by cell.

``plan`` decides which sheets hold questions and how their columns read (detected, or as an
explicit mapping says); here each data row becomes a ParsedQuestion or row errors. Topic and
difficulty codes resolve through the workbook's code sheets and the caller's codes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Container, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter

from questions.importer import errors
from questions.importer.answers import STORED_TYPES, parse_difficulty
from questions.importer.build import FILL_AT, LEVEL, TOPIC_AT, quick_question
from questions.importer.checks import RowChecks
from questions.importer.headers import QUESTION, Layout, recognise
from questions.importer.plan import no_questions, plan_workbook
from questions.importer.reader import Sheet, read_workbook
from questions.importer.report import ConvertedRow, ParsedOption, ParsedQuestion, ParseReport
from questions.importer.sheets import Codes, code_key, looks_like_code, merge_codes
from questions.importer.text import CellCleaner

__all__ = ["ConvertedRow", "ParseReport", "ParsedOption", "ParsedQuestion", "parse_workbook"]

_PROGRESS_EVERY = 1000
_HEADER_LENGTH = 40  # longer question cells are never a header
_MAX_CODES = 200
_NOT_READ = ("", "", "", "")  # multiple key, fill-in answers, points, flag of a short layout
TYPE_LABELS = {"single": "Một đáp án", "multiple": "Nhiều đáp án", "true_false": "Đúng/Sai"}
TYPE_LABELS |= {"fill_in": "Điền từ"}


def parse_workbook(
    data: bytes | str | os.PathLike[str],
    filename: str,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    known_fingerprints: Container[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
    mapping: Mapping[int | str, str] | None = None,
    header_row: int | None = None,
    codes: Mapping[str, Mapping[str, str]] | None = None,
    accept_types: Collection[str] = STORED_TYPES,
) -> ParseReport:
    """Read every sheet of a question bank; raise WorkbookError when the file itself is unusable.

    mapping ({column index (A = 0) or header text: field}) overrides the detected meaning of
    columns, header_row (1-based) the detected header row; codes ({"topic" | "difficulty":
    {code: name}}) names codes beyond the workbook's code sheets; rows of a type outside
    accept_types are reported as errors.
    """
    with _bulk_allocation():
        sheets = read_workbook(data, filename, max_bytes=max_bytes)
        cleaner = CellCleaner()
        plan = plan_workbook(sheets, cleaner.text, mapping, header_row)
        if not plan.laid_out:
            raise no_questions(filename, plan, cleaner.text)
        report = ParseReport(mapping=plan.proposal)
        report.sheets = [sheet.name for sheet, _ in plan.laid_out]
        report.skipped_sheets, report.guide_sheets = plan.skipped, plan.guides
        report.code_sheets = plan.code_sheets
        report.codes = merge_codes(plan.codes, codes)
        parser = RowParser(report, known_fingerprints, progress, plan.laid_out, accept_types)
        parser.run()
        return report


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


class RowParser:
    """Walks the data rows of every laid-out sheet; one instance per import."""

    def __init__(
        self,
        report: ParseReport,
        known: Container[str],
        progress: Callable[[int, int], None] | None,
        laid_out: list[tuple[Sheet, Layout]],
        accept_types: Collection[str],
    ) -> None:
        self.report, self.known, self.progress, self.laid_out = report, known, progress, laid_out
        self.accept = frozenset(accept_types)
        self.cleaner = CellCleaner()
        self.seen: set[str] = set()
        self.codes: Codes = report.codes
        # First spelling of each topic, so "hiến  pháp" joins "Hiến pháp"; topics caches by cell.
        self.spellings: dict[str, str] = {}
        self.topics: dict[str, str] = {}
        self.levels: dict[str, str] = {}

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
        if layout.fill_answers is not None:
            values = _keep_answer_lines(values, layout.extras_at + FILL_AT)
        # Question, answer, options A.., then type, level, topic, legal basis, explanation,
        # multiple key, fill-in answers, points, ignore-diacritics flag.
        cells = self.cleaner.texts(values)
        question, answer, options = cells[0], cells[1], cells[2 : layout.extras_at]
        extras = cells[layout.extras_at :]
        if layout.short:
            extras += _NOT_READ
        if not (question or answer or any(options) or extras[FILL_AT]):
            return
        if len(question) <= _HEADER_LENGTH and _repeated_header(question):
            return
        topic = extras[TOPIC_AT]
        extras[TOPIC_AT] = (self.topics.get(topic) or self.topic(topic)) or sheet_topic
        level = extras[LEVEL]
        if level:
            extras[LEVEL] = self.levels.get(level) or self.level(level)
        line = sheet.first_row + index + 1
        parsed = quick_question(sheet.name, line, question, options, answer, extras)
        checks = None
        if parsed is None:
            checks = RowChecks(sheet, layout, index)
            parsed = checks.question(question, options, answer, extras)
        if parsed is not None and parsed.qtype not in self.accept:
            checks = checks or RowChecks(sheet, layout, index)
            checks.error(layout.qtype, errors.UNSUPPORTED_TYPE, qtype=TYPE_LABELS[parsed.qtype])
            parsed = None
        report = self.report
        report.rows_read += 1
        if self.cleaner.encoding is not None:
            report.converted_rows.append(ConvertedRow(sheet.name, line, self.cleaner.encoding))
        if parsed is None:
            report.errors.extend(checks.errors if checks else ())
        elif parsed.fingerprint in self.seen or parsed.fingerprint in self.known:
            report.duplicates += 1
        else:
            self.seen.add(parsed.fingerprint)
            report.questions.append(parsed)

    def topic(self, text: str) -> str:
        """The named topic of a code, else the first spelling met, compared case-insensitively."""
        known = self.topics.get(text)
        if known is None:
            name = self.codes.get("topic", {}).get(code_key(text)) if text else None
            if name is None and text and code_key(text).isdigit():
                self.unresolved("topic", text)
            shown = name or text
            known = self.topics[text] = self.spellings.setdefault(shown.casefold(), shown)
        return known

    def level(self, text: str) -> str:
        """A difficulty cell with its code replaced by the level's name when one is known."""
        known = self.levels.get(text)
        if known is None:
            name = self.codes.get("difficulty", {}).get(code_key(text))
            if name is None and parse_difficulty(text) is None and looks_like_code(text):
                self.unresolved("difficulty", text)
            known = self.levels[text] = name or text
        return known

    def unresolved(self, name: str, code: str) -> None:
        """Remember a code no code sheet or mapping names, for the preview to ask about."""
        found = self.report.unresolved_codes.setdefault(name, [])
        if code not in found and len(found) < _MAX_CODES:
            found.append(code)


def _keep_answer_lines(values: tuple, at: int) -> tuple:
    # Line breaks separate accepted answers; the cleaner would fold them into spaces.
    cell = values[at]
    if isinstance(cell, str) and ("\n" in cell or "\r" in cell):
        return (*values[:at], cell.replace("\r", "\n").replace("\n", "|"), *values[at + 1 :])
    return values


def _repeated_header(question: str) -> bool:
    # A second header row (two banks pasted together) is not a question.
    known = recognise(question)
    return known is not None and known[0] == QUESTION
