"""Importing a bank into the database: preview, commit and undo, the stored uploads, the pages.

The workbook itself is read by the pure ``questions.importer``; this package writes what it
yields (``bulk``), keeps uploads between preview and import (``uploads``) and records each
import so that it can be audited and undone (``services``); ``views`` are its pages.
"""

from questions.imports.choices import ImportChoices, read_choices
from questions.imports.services import (
    BadWorkbook,
    CodesNeeded,
    ImportHasErrors,
    ImportOutcome,
    commit_import,
    parse_upload,
    preview_import,
    remember_choices,
    upload_limit,
)
from questions.imports.undo import undo_import, undoable_imports

__all__ = [
    "BadWorkbook",
    "CodesNeeded",
    "ImportChoices",
    "ImportHasErrors",
    "ImportOutcome",
    "commit_import",
    "parse_upload",
    "preview_import",
    "read_choices",
    "remember_choices",
    "undo_import",
    "undoable_imports",
    "upload_limit",
]
