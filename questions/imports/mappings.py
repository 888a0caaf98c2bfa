"""Reading an upload with the organizer's choices, and remembering them per header signature.

A file whose headers have been mapped before (same signature) is read with the remembered
mapping and codes without a click; choices given now (page, API, CLI) win over remembered ones.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.core.clock import utcnow
from contest.core.extensions import db
from questions.importer import ALL_TYPES, MappingProposal, ParseReport, WorkbookError, parse_bank
from questions.imports.choices import ImportChoices
from questions.models import ImportMapping

NO_HEADER = "no_header"
Upload = bytes | str | os.PathLike[str]


@dataclass(frozen=True)
class Reading:
    """A parsed upload, how its columns were read (detected, saved, given) and the saved entry."""

    report: ParseReport
    applied: str
    saved: ImportMapping | None = None
    choices: ImportChoices = ImportChoices()  # what the report was parsed with


def read_upload(
    data: Upload,
    filename: str,
    choices: ImportChoices,
    *,
    max_bytes: int,
    known: Container[str],
    progress: Callable[[int, int], None] | None = None,
    lookup: Callable[[str], ImportMapping | None] | None = None,
) -> Reading:
    """Parse the upload with the choices given, else with the remembered ones for its headers.

    lookup finds the remembered mapping of a header signature (saved_mapping by default; an
    import passes one that first takes the bank's write lock, so parsing holds none). Raises
    WorkbookError when the file is unusable even so (a no-header refusal carries the proposal
    the mapping step shows).
    """
    lookup = lookup or saved_mapping

    def parse(used: ImportChoices) -> ParseReport:
        return parse_bank(
            data,
            filename,
            max_bytes=max_bytes,
            known_fingerprints=known,
            progress=progress,
            mapping=used.mapping,
            header_row=used.header_row,
            codes=used.codes,
            accept_types=ALL_TYPES,
        )

    applied = "given" if choices.mapping is not None else "detected"
    try:
        report = parse(choices)
    except WorkbookError as error:
        proposal = error.details.get("mapping") if error.code == NO_HEADER else None
        if not proposal or choices.mapping is not None:
            raise
        saved = lookup(proposal["signature"])
        if saved is None:
            raise
        used = _with_saved(choices, saved, proposal["columns"][0]["index"], proposal["header_row"])
        return Reading(parse(used), "saved", saved, used)
    proposal = report.mapping
    saved = lookup(proposal.signature) if proposal else None
    if saved is None:
        return Reading(report, applied, None, choices)
    remap = choices.mapping is None and (
        proposal.unsure or _fields(proposal) != _relative(saved.columns)
    )
    recode = choices.codes is None and bool(saved.codes) and bool(report.unresolved_codes)
    if not remap and not recode:
        return Reading(report, applied if choices.given else "saved", saved, choices)
    first = proposal.columns[0].index if proposal.columns else 0
    used = _with_saved(choices, saved, first, proposal.header_row, mapping=remap)
    return Reading(parse(used), "saved" if remap else applied, saved, used)


def _with_saved(
    choices: ImportChoices,
    saved: ImportMapping,
    first_column: int,
    header_row: int,
    *,
    mapping: bool = True,
) -> ImportChoices:
    """The choices completed by the remembered mapping (placed at the file's first column)."""
    columns = (
        {first_column + int(offset): field for offset, field in saved.columns.items()}
        if mapping
        else choices.mapping
    )
    return ImportChoices(
        mapping=columns,
        header_row=header_row if mapping else choices.header_row,
        codes=choices.codes if choices.codes is not None else (saved.codes or None),
    )


def _fields(proposal: MappingProposal) -> dict[int, str]:
    return {
        offset: column.field
        for offset, column in enumerate(proposal.columns)
        if column.field not in (None, "ignore")
    }


def _relative(columns: dict[str, str]) -> dict[int, str]:
    return {int(offset): field for offset, field in columns.items() if field != "ignore"}


def saved_mapping(signature: str) -> ImportMapping | None:
    """The remembered mapping for files with these headers, if any."""
    return db.session.scalar(select(ImportMapping).where(ImportMapping.signature == signature))


def remember(
    proposal: MappingProposal | None,
    choices: ImportChoices,
    user_id: int | None,
) -> ImportMapping | None:
    """Remember the mapping and codes the report was read with, for the next file like it.

    The columns are those of the proposal (each with the field it was read as), so a mapping
    given for a few columns is remembered with the detected meaning of the others.
    """
    if proposal is None or not choices.given:
        return None
    first = proposal.columns[0].index if proposal.columns else 0
    columns = {str(column.index - first): column.field or "ignore" for column in proposal.columns}
    values: dict[str, Any] = {
        "headers": [column.header for column in proposal.columns],
        "columns": columns,
        "codes": choices.codes or {},
        "saved_by_id": user_id,
        "saved_at": utcnow(),
    }
    entry = saved_mapping(proposal.signature)
    if entry is None:
        try:
            with db.session.begin_nested():  # another organizer may save the same headers
                entry = ImportMapping(signature=proposal.signature, **values)
                db.session.add(entry)
            return entry
        except IntegrityError:
            entry = saved_mapping(proposal.signature)
    values["codes"] = _merged(entry.codes, choices.codes)
    if entry.columns == columns and entry.codes == values["codes"]:
        return entry  # nothing new: who saved it, and when, stay as they were
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()
    return entry


def _merged(saved: dict | None, given: dict | None) -> dict:
    """Remembered codes with the new ones added (a new name for a code replaces the old)."""
    merged = {field: dict(table) for field, table in (saved or {}).items()}
    for field, table in (given or {}).items():
        merged.setdefault(field, {}).update(table)
    return merged
