"""Question-bank importer: a workbook (bytes or path) in, typed questions and a precise report out.

Pure: no Flask, no database. ``questions.services`` turns a ParseReport into rows.
"""

from questions.importer.errors import RowError, WorkbookError
from questions.importer.parser import parse_workbook
from questions.importer.report import ConvertedRow, ParsedOption, ParsedQuestion, ParseReport
from questions.importer.text import fingerprint, fold

__all__ = [
    "ConvertedRow",
    "ParseReport",
    "ParsedOption",
    "ParsedQuestion",
    "RowError",
    "WorkbookError",
    "fingerprint",
    "fold",
    "parse_workbook",
]
