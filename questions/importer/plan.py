"""Planning a workbook's import: which sheets hold questions and how, which are guides or codes.

The plan also says how the columns were read (a MappingProposal with samples and a header
signature) and, when no sheet can be read, refuses the file with an error that quotes each
candidate sheet's headers once, names the missing fields, and carries the proposal in its details
so the preview can ask for a mapping. Guide sheets are never quoted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from questions.importer import errors
from questions.importer.errors import FIELD_NAMES, WorkbookError, shorten, workbook_error
from questions.importer.headers import Layout
from questions.importer.layout import (
    Detection,
    apply_mapping,
    detect,
    header_signature,
    public_field,
)
from questions.importer.reader import Sheet
from questions.importer.report import ColumnInfo, MappingProposal
from questions.importer.sheets import Codes, is_guide, read_code_sheet

_SAMPLES, _MAX_COLUMNS, _SAMPLE_LENGTH = 3, 60, 60


@dataclass
class Plan:
    """The sheets to read with their layouts, the sheets skipped and why, and the codes found."""

    laid_out: list[tuple[Sheet, Layout]] = field(default_factory=list)
    proposal: MappingProposal | None = None
    guides: list[str] = field(default_factory=list)
    code_sheets: list[str] = field(default_factory=list)
    codes: Codes = field(default_factory=dict)
    unrecognised: list[tuple[Sheet, Detection]] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        """Every non-empty sheet whose rows are not read as questions, in workbook order."""
        return self.guides + self.code_sheets + [sheet.name for sheet, _ in self.unrecognised]


def plan_workbook(
    sheets: Sequence[Sheet],
    clean: Callable[[object], str],
    mapping: Mapping[int | str, str] | None = None,
    header_row: int | None = None,
) -> Plan:
    """Sort the sheets into question, guide, code and unrecognised sheets."""
    plan = Plan()
    filled = [sheet for sheet in sheets if _has_data(sheet)]
    guides = [sheet for sheet in filled if is_guide(sheet.name, _first_texts(sheet, clean))]
    if len(guides) == len(filled):
        guides = []  # a lone "guide" is what there is to read
    plan.guides = [sheet.name for sheet in guides]
    for sheet in filled:
        if sheet in guides:
            continue
        if mapping:
            start = None if header_row is None else max(header_row - 1 - sheet.first_row, 0)
            local = {
                key - sheet.first_column if isinstance(key, int) else key: name
                for key, name in mapping.items()
                if not isinstance(key, int) or key >= sheet.first_column
            }
            detection = apply_mapping(sheet.rows, clean, local, start)
        else:
            detection = detect(sheet.rows, clean)
        if detection.layout is not None:
            plan.laid_out.append((sheet, detection.layout))
            if plan.proposal is None:
                plan.proposal = proposal(sheet, detection, clean)
            continue
        codes = read_code_sheet(sheet.name, sheet.rows, clean) if not mapping else {}
        if codes:
            plan.code_sheets.append(sheet.name)
            for name, table in codes.items():
                plan.codes.setdefault(name, {}).update(table)
        else:
            plan.unrecognised.append((sheet, detection))
    return plan


def proposal(sheet: Sheet, detection: Detection, clean: Callable[[object], str]) -> MappingProposal:
    """The columns of a sheet's header row with samples and their detected fields."""
    rows = sheet.rows
    header = [clean(value) for value in rows[detection.header_row]] if rows else []
    body = rows[detection.header_row + 1 : detection.header_row + 1 + 50]
    width = min(max([len(header), *(len(row) for row in body)]), _MAX_COLUMNS)
    columns = []
    for column in range(width):
        samples: list[str] = []
        for row in body:
            text = clean(row[column]) if column < len(row) else ""
            if text and len(samples) < _SAMPLES:
                samples.append(shorten(text, _SAMPLE_LENGTH))
        known = detection.found.get(column)
        title = header[column] if column < len(header) else ""
        columns.append(
            ColumnInfo(
                index=sheet.first_column + column,
                letter=_letter(sheet.first_column + column),
                header=title,
                samples=tuple(samples),
                field=public_field(known[0], known[1]) if known else None,
            )
        )
    return MappingProposal(
        sheet=sheet.name,
        header_row=sheet.first_row + detection.header_row + 1,
        signature=header_signature(header),
        columns=tuple(columns),
        missing=detection.missing,
        unsure=detection.unsure,
    )


def no_questions(filename: str, plan: Plan, clean: Callable[[object], str]) -> WorkbookError:
    """The refusal of a workbook without a readable question sheet: empty, or mapping needed."""
    if not plan.unrecognised:
        return workbook_error(errors.EMPTY_WORKBOOK, filename=filename)
    proposals = [proposal(sheet, detection, clean) for sheet, detection in plan.unrecognised]
    best = max(proposals, key=lambda p: sum(c.field is not None for c in p.columns))
    found = {p.sheet: [c.header for c in p.columns if c.header][:15] for p in proposals}
    shown = "; ".join(
        f'trang "{name}": ' + (", ".join(f'"{shorten(h, 40)}"' for h in headers) or "(trống)")
        for name, headers in found.items()
    )
    missing = ", ".join(FIELD_NAMES.get(name, name) for name in best.missing) or "không rõ"
    details = {
        "headers_found": found,
        "missing": list(best.missing),
        "mapping_needed": True,
        "mapping": best.to_dict(),
    }
    return workbook_error(errors.NO_HEADER, details, found=shown, missing=missing)


def _has_data(sheet: Sheet) -> bool:
    return any(not isinstance(value, str) or value.strip() for row in sheet.rows for value in row)


def _first_texts(sheet: Sheet, clean: Callable[[object], str]) -> list[str]:
    return [clean(value) for row in sheet.rows[:3] for value in row if clean(value)][:3]


def _letter(column: int) -> str:
    letters, number = "", column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
