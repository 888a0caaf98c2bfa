"""Importing a bank into the database: preview, commit and undo, the stored uploads, the pages.

The workbook itself is read by the pure ``questions.importer``; this package writes what it
yields (``bulk``), keeps uploads between preview and import (``uploads``) and records each
import so that it can be audited and undone (``services``); ``views`` are its pages.
"""

from questions.imports.services import (
    BadWorkbook,
    ImportHasErrors,
    ImportOutcome,
    commit_import,
    parse_upload,
    preview_import,
    undo_import,
    undoable_imports,
    upload_limit,
)

__all__ = [
    "BadWorkbook",
    "ImportHasErrors",
    "ImportOutcome",
    "commit_import",
    "parse_upload",
    "preview_import",
    "undo_import",
    "undoable_imports",
    "upload_limit",
]
