"""Users of every role and the organizations they belong to."""

from __future__ import annotations

from datetime import date

from contest.accounts.models import Organization, OrganizationKind, User
from contest.core.access import Role
from contest.core.extensions import db
from tests.factories import next_number


def unique_cccd(birth_year: int = 1990, male: bool = True) -> str:
    """A well-formed CCCD (province 001, century and sex digit, birth year) no one else has."""
    century_digit = (birth_year // 100 - 19) * 2 + (0 if male else 1)
    return f"001{century_digit}{birth_year % 100:02d}{next_number():06d}"


def unique_phone() -> str:
    return f"09{next_number():08d}"


def gen_user(role: str = "candidate", *, password: str | None = None, **fields) -> User:
    """A user of any role; a candidate has a phone, a CCCD and a birth date.

    Without a password the user cannot sign in (hashing is slow, most tests never do).
    """
    from contest.accounts.credentials import hash_password

    number = next_number()
    defaults = {
        "full_name": f"Người dùng {number}",
        "password_hash": hash_password(password) if password else "x",
    }
    if role == "candidate":
        defaults.update(
            phone=unique_phone(),
            id_number=unique_cccd(),
            birth_date=date(1990, 1, 1),
            gender="male",
        )
    else:
        defaults["email"] = f"{role}{number}@example.vn"
    user = User(role=Role(role), **{**defaults, **fields})
    db.session.add(user)
    db.session.flush()
    return user


def gen_candidate(full_name: str | None = None, **fields) -> User:
    """A candidate named "Thí sinh n" unless given a name."""
    return gen_user("candidate", full_name=full_name or f"Thí sinh {next_number()}", **fields)


def gen_candidates(*names: str) -> list[User]:
    return [gen_candidate(name) for name in names]


def gen_org(name: str, kind: str = "unit", headcount: int | None = None) -> Organization:
    org = Organization(kind=OrganizationKind(kind), name=name, headcount=headcount)
    db.session.add(org)
    db.session.flush()
    return org
