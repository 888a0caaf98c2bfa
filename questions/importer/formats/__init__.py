"""Question banks that are not workbooks: Word question lists and Moodle XML, and the dispatch.

Each format reads its file into Drafts (``drafts``), checked exactly as workbook rows are, so
every source yields the same ParseReport. ``parse_bank`` picks the reader by the file's name
and first bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from questions.importer.report import ParseReport

DOCUMENT_EXTENSIONS = (".docx",)
MOODLE_EXTENSIONS = (".xml",)


def parse_bank(data: bytes | str | os.PathLike[str], filename: str, **options: Any) -> ParseReport:
    """Parse a workbook, a Word list or a Moodle XML file, chosen by the file's extension.

    The options are those of parse_workbook; mapping and header_row apply to workbooks only.
    """
    from questions.importer.formats.docx import parse_docx  # noqa: PLC0415 - python-docx is heavy
    from questions.importer.formats.moodle import parse_moodle  # noqa: PLC0415
    from questions.importer.parser import parse_workbook  # noqa: PLC0415 - parser imports drafts

    suffix = Path(filename).suffix.lower()
    if suffix in DOCUMENT_EXTENSIONS or suffix in MOODLE_EXTENSIONS:
        kept = {k: v for k, v in options.items() if k not in ("mapping", "header_row", "progress")}
        reader = parse_docx if suffix in DOCUMENT_EXTENSIONS else parse_moodle
        return reader(data, filename, **kept)
    return parse_workbook(data, filename, **options)
