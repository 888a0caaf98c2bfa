"""The unit and locality lists that candidates choose from at registration."""

from __future__ import annotations

from sqlalchemy import func, select

from contest.errors import NotFound
from contest.extensions import db
from contest.models import Organization, OrganizationKind
from contest.services import audit


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
