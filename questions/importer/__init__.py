"""Question-bank importer: a workbook, a Word list or a Moodle XML file in, typed questions and a
precise report out.

Pure: no Flask, no database. ``questions.services`` turns a ParseReport into rows.
``parse_workbook`` reads workbooks (with an optional column mapping and codes), ``parse_bank``
any supported file; ``fill_in.matches`` decides whether a typed fill-in answer is accepted.
"""

from questions.importer.answers import ALL_TYPES, STORED_TYPES
from questions.importer.errors import RowError, WorkbookError
from questions.importer.fill_in import matches
from questions.importer.formats import parse_bank
from questions.importer.layout import FIELDS, header_signature
from questions.importer.parser import parse_workbook
from questions.importer.report import (
    ColumnInfo,
    ConvertedRow,
    MappingProposal,
    ParsedOption,
    ParsedQuestion,
    ParseReport,
)
from questions.importer.text import fingerprint, fold

__all__ = [
    "ALL_TYPES",
    "FIELDS",
    "STORED_TYPES",
    "ColumnInfo",
    "ConvertedRow",
    "MappingProposal",
    "ParseReport",
    "ParsedOption",
    "ParsedQuestion",
    "RowError",
    "WorkbookError",
    "fingerprint",
    "fold",
    "header_signature",
    "matches",
    "parse_bank",
    "parse_workbook",
]
