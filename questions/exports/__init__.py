"""Exporting the bank (or a filtered part of it) in the canonical import template."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import Response, send_file
from sqlalchemy import func, select

from contest.core.extensions import db
from questions.exports.template import write_bank
from questions.models import Question, QuestionOption, QuestionVersion, is_current_version
from questions.search import QuestionFilters, apply_filters, question_select

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_YIELD_PER = 500


@dataclass(frozen=True)
class ExportRow:
    """One question's current version in the shape the template writer takes."""

    text: str
    qtype: str
    options: list[QuestionOption]
    topic: str
    difficulty: str
    legal_basis: str | None
    explanation: str | None
    answers: list[str]
    ignore_diacritics: bool
    points: float | None


def export_rows(filters: QuestionFilters) -> Iterator[ExportRow]:
    """The filtered questions' current versions, read from the database in chunks."""
    query = question_select(filters).execution_options(yield_per=_YIELD_PER)
    for question in db.session.scalars(query):
        version = question.current
        yield ExportRow(
            text=version.text,
            qtype=question.qtype.value,
            options=list(version.options),
            topic=question.topic.name,
            difficulty=question.difficulty.value,
            legal_basis=version.legal_basis,
            explanation=version.explanation,
            answers=list(version.accepted_answers or ()),
            ignore_diacritics=version.ignore_diacritics,
            points=version.points,
        )


def widest_question(filters: QuestionFilters) -> int:
    """The largest number of options among the filtered questions (the template's columns)."""
    per_version = (
        select(func.count(QuestionOption.id).label("n"))
        .select_from(Question)
        .join(
            QuestionVersion,
            is_current_version(),
        )
        .join(QuestionOption, QuestionOption.version_id == QuestionVersion.id)
        .group_by(QuestionVersion.id)
    )
    per_version = apply_filters(per_version, filters).subquery()
    return db.session.scalar(select(func.max(per_version.c.n))) or 0


def export_bank(filters: QuestionFilters, target: BinaryIO) -> None:
    """Write the filtered bank to target as an .xlsx that imports back unchanged."""
    write_bank(export_rows(filters), target, option_count=widest_question(filters))


def export_filename(filters: QuestionFilters) -> str:
    """ngan-hang-cau-hoi.xlsx, or ngan-hang-cau-hoi-loc.xlsx for a filtered export."""
    return "ngan-hang-cau-hoi-loc.xlsx" if filters.query_args() else "ngan-hang-cau-hoi.xlsx"


def send_workbook(write: Callable[[BinaryIO], None], download_name: str) -> Response:
    """Write a workbook to an anonymous temporary file and stream it, never all in memory."""
    return send_download(write, download_name, XLSX_MIMETYPE)


def send_download(write: Callable[[BinaryIO], None], download_name: str, mimetype: str) -> Response:
    """Write a file to an anonymous temporary file and stream it, never all in memory."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after the response
    try:
        write(target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return send_file(target, mimetype=mimetype, as_attachment=True, download_name=download_name)
