"""Who a candidate is, as every results list shows them: name, CCCD, phone, unit, locality."""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.orm import aliased

from contest.accounts.models import Organization, User


def with_identity(query: Select, user_id) -> Select:
    """The query with who each row's candidate (`user_id`, a column) is, joined on that column.

    Adds full_name, id_number, phone, unit and locality (the organizations' names, None when
    not declared), in that order.
    """
    unit, locality = aliased(Organization), aliased(Organization)
    return (
        query.add_columns(
            User.full_name,
            User.id_number,
            User.phone,
            unit.name.label("unit"),
            locality.name.label("locality"),
        )
        .join(User, User.id == user_id)
        .outerjoin(unit, unit.id == User.unit_id)
        .outerjoin(locality, locality.id == User.locality_id)
    )
