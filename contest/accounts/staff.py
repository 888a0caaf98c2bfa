"""Staff accounts: admins, organizers and judges are created by an admin (page or CLI)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from contest.accounts.credentials import hash_password, password_problem
from contest.accounts.models import User
from contest.accounts.registration import ensure_unique, parse_email
from contest.core.access import Role
from contest.core.errors import InvalidInput
from contest.core.extensions import db


def create_staff(email: str, role: Role | str, password: str, full_name: str = "") -> User:
    """Create an admin, organizer or judge account (web page and CLI share this)."""
    role = Role(role)
    if role == Role.CANDIDATE:
        raise InvalidInput(_l("Tài khoản thí sinh được tạo bằng trang đăng ký."))
    errors: dict[str, str] = {}
    normalized = parse_email(email, errors)
    if problem := password_problem(password):
        errors["password"] = problem
    if errors:
        raise InvalidInput.for_fields(errors)
    ensure_unique(id_number=None, phone=None, email=normalized)
    user = User(
        role=role,
        email=normalized,
        full_name=" ".join(full_name.split()) or normalized.split("@")[0],
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user
