"""The unit and locality lists that candidates choose from at registration."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from contest.accounts.models import Organization, OrganizationKind
from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from questions.importer.text import fold


def add_organizations(kind: OrganizationKind | str, names: list[str]) -> list[Organization]:
    """Add the names that are not on the list yet (blank and repeated names are ignored)."""
    kind = OrganizationKind(kind)
    existing = set(db.session.scalars(select(Organization.name).where(Organization.kind == kind)))
    position = db.session.scalar(
        select(func.coalesce(func.max(Organization.position), 0)).where(Organization.kind == kind)
    )
    added = []
    for raw in names:
        name = " ".join(raw.split())[:200]
        if not name or name in existing:
            continue
        position += 1
        added.append(Organization(kind=kind, name=name, position=position))
        existing.add(name)
    db.session.add_all(added)
    db.session.flush()
    if added:
        audit.record(
            "organizations.add",
            "organization",
            None,
            after={"kind": kind.value, "names": [o.name for o in added]},
        )
    return added


def list_organizations(kind: OrganizationKind | str) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.kind == OrganizationKind(kind))
            .order_by(Organization.position, Organization.name)
        )
    )


def toggle_active(organization_id: int) -> Organization:
    """Hide (or show again) an entry at registration without touching who already chose it."""
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        raise NotFound()
    organization.active = not organization.active
    audit.record(
        "organizations.toggle_active",
        "organization",
        organization.id,
        before={"active": not organization.active},
        after={"active": organization.active},
    )
    return organization


# --- Excel import: a column of names, optionally a headcount column ----------------------------

ORGANIZATION_FILE_MAX_BYTES = 5 * 1024 * 1024
# Header cells, folded (no diacritics, lowercase, punctuation as spaces).
_NAME_HEADERS = {
    "ten",
    "don vi",
    "co quan",
    "co quan don vi",
    "dia phuong",
    "xa phuong",
    "name",
    "unit",
    "locality",
}
_HEADCOUNT_HEADERS = ("so luong", "bien che", "headcount")


@dataclass
class OrganizationImport:
    """What an import did: names added, headcounts changed, and the rows it skipped (with why)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _columns(header: list) -> tuple[int, int | None] | None:
    """(name column, headcount column) when the first row is a header row, else None."""
    folded = [_header(cell) for cell in header]
    headcount = next((i for i, h in enumerate(folded) if h.startswith(_HEADCOUNT_HEADERS)), None)
    name = next(
        (i for i, h in enumerate(folded) if h in _NAME_HEADERS or h.startswith("ten ")), None
    )
    if name is None and headcount is None:
        return None
    if name is None:
        name = next((i for i, h in enumerate(folded) if i != headcount and h != "stt"), 0)
    return name, headcount


def _header(cell) -> str:
    return " ".join(re.sub(r"[^a-z0-9]", " ", fold(cell)).split()) if isinstance(cell, str) else ""


def _headcount(value) -> int | None | str:
    """A headcount cell as a non-negative integer, None when blank, or the text when invalid."""
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip().replace(".", "").replace(" ", "")
    return int(text) if text.isdigit() else str(value)


def parse_organization_rows(
    rows: list[list], first_row: int = 0
) -> tuple[list[tuple[str, int | None]], list[str]]:
    """[(name, headcount)] from a sheet's rows, and row errors in Vietnamese (Excel row numbers)."""
    if not rows:
        return [], []
    columns = _columns(rows[0])
    start = 1 if columns else 0
    numbers_in_b = any(len(r) > 1 and _is_number(r[1]) for r in rows)
    name_col, count_col = columns or (0, 1 if numbers_in_b else None)
    entries: list[tuple[str, int | None]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows[start:], start=first_row + start + 1):
        cells = list(row) + [None] * 2
        name = " ".join(str(cells[name_col] or "").split())
        count = _headcount(cells[count_col]) if count_col is not None else None
        if not name:
            if _filled(row):
                errors.append(_("Dòng %(n)s: thiếu tên.", n=index))
            continue
        if len(name) > 200:
            errors.append(
                _("Dòng %(n)s: tên dài %(l)s ký tự, vượt giới hạn 200 ký tự.", n=index, l=len(name))
            )
        elif isinstance(count, str):
            errors.append(
                _("Dòng %(n)s: số lượng “%(v)s” không phải số nguyên không âm.", n=index, v=count)
            )
        elif name in seen:
            errors.append(
                _("Dòng %(n)s: “%(name)s” trùng với dòng %(m)s.", n=index, name=name, m=seen[name])
            )
        else:
            seen[name] = index
            entries.append((name, count))
    return entries, errors


def _filled(row: list) -> bool:
    return any(str(cell or "").strip() for cell in row)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def import_organizations(
    kind: OrganizationKind | str, data: bytes, filename: str
) -> OrganizationImport:
    """Add the first sheet's names to a list and set headcounts; rows with errors are skipped."""
    from questions.importer.errors import WorkbookError
    from questions.importer.reader import read_workbook

    kind = OrganizationKind(kind)
    try:
        sheets = read_workbook(data, filename, max_bytes=ORGANIZATION_FILE_MAX_BYTES)
    except WorkbookError as error:
        raise InvalidInput(error.message, code=error.code) from None
    sheet = next((s for s in sheets if any(_filled(row) for row in s.rows)), None)
    if sheet is None:
        raise InvalidInput(_("Tệp “%(f)s” không có dữ liệu.", f=filename), code="empty_workbook")
    entries, errors = parse_organization_rows(sheet.rows, sheet.first_row)
    report = OrganizationImport(errors=errors)
    existing = {o.name: o for o in list_organizations(kind)}
    new_names = [name for name, _count in entries if name not in existing]
    report.added = [o.name for o in add_organizations(kind, new_names)]
    by_name = {o.name: o for o in list_organizations(kind)}
    for name, count in entries:
        organization = by_name[name]
        if count is not None and organization.headcount != count:
            organization.headcount = count
            if name in existing:
                report.updated.append(name)
    db.session.flush()
    audit.record(
        "organizations.import",
        "organization",
        None,
        after={
            "kind": kind.value,
            "file": filename,
            "added": len(report.added),
            "updated": report.updated,
            "errors": len(errors),
        },
    )
    return report
