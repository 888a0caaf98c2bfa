"""Who a candidate is, as every results list shows them: name, CCCD, phone, unit, locality."""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.orm import aliased

from contest.accounts.models import Organization, User

# Built once: an alias builds its column proxies on first use, a cost every leaderboard page
# would otherwise pay again.
UNIT = aliased(Organization, name="unit_organization")
LOCALITY = aliased(Organization, name="locality_organization")
IDENTITY = (
    User.full_name,
    User.id_number,
    User.phone,
    UNIT.name.label("unit"),
    LOCALITY.name.label("locality"),
)


def with_identity(query: Select, user_id) -> Select:
    """The query with who each row's candidate (`user_id`, a column) is, joined on that column.

    Adds full_name, id_number, phone, unit and locality (the organizations' names, None when
    not declared), in that order.
    """
    return (
        query.add_columns(*IDENTITY)
        .join(User, User.id == user_id)
        .outerjoin(UNIT, UNIT.id == User.unit_id)
        .outerjoin(LOCALITY, LOCALITY.id == User.locality_id)
    )
