"""Candidate registration: every field checked at once, and identifiers that stay unique."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.accounts.consent import record_consent
from contest.accounts.credentials import hash_password, password_problem
from contest.accounts.identity import IdentityError, normalize_phone, validate_cccd
from contest.accounts.models import Gender, Organization, OrganizationKind, User
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db


@dataclass
class Registration:
    """The registration form or API body, as strings, before validation."""

    full_name: str = ""
    birth_date: str = ""
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    password: str = ""
    email: str = ""
    unit: str = ""
    locality: str = ""
    consent: bool = False


def register_candidate(form: Registration) -> User:
    """Validate every field at once and create the candidate; raises InvalidInput or Conflict."""
    errors: dict[str, str] = {}
    full_name = " ".join(form.full_name.split())
    if not 2 <= len(full_name) <= 120:
        errors["full_name"] = str(_l("Vui lòng nhập họ và tên (2–120 ký tự)."))
    birth_date = _parse_birth_date(form.birth_date, errors)
    gender = _parse_gender(form.gender, errors)
    id_number = _field(errors, "id_number", validate_cccd, form.id_number, birth_date, gender)
    phone = _field(errors, "phone", normalize_phone, form.phone)
    email = parse_email(form.email, errors) if form.email.strip() else None
    if problem := password_problem(form.password):
        errors["password"] = problem
    unit = _parse_organization(form.unit, OrganizationKind.UNIT, "unit", errors)
    locality = _parse_organization(form.locality, OrganizationKind.LOCALITY, "locality", errors)
    if form.consent is not True:
        errors["consent"] = str(
            _l("Vui lòng đọc và đồng ý với việc xử lý dữ liệu cá nhân để đăng ký dự thi.")
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    ensure_unique(id_number=id_number, phone=phone, email=email)
    user = User(
        role=Role.CANDIDATE,
        full_name=full_name,
        birth_date=birth_date,
        gender=Gender(gender),
        id_number=id_number,
        phone=phone,
        email=email,
        unit=unit,
        locality=locality,
        password_hash=hash_password(form.password),
    )
    db.session.add(user)
    record_consent(user)
    db.session.flush()
    return user


def _field(errors: dict[str, str], name: str, validator, *args):
    try:
        return validator(*args)
    except IdentityError as error:
        errors[name] = str(error)
        return None


def _parse_birth_date(raw: str, errors: dict[str, str]) -> date | None:
    try:
        value = date.fromisoformat(raw.strip())
    except (ValueError, AttributeError):
        errors["birth_date"] = str(_l("Ngày sinh không hợp lệ."))
        return None
    today = utcnow().date()
    if value > today:
        errors["birth_date"] = str(_l("Ngày sinh không thể ở tương lai."))
    elif value < today - timedelta(days=365 * 120):
        errors["birth_date"] = str(_l("Ngày sinh không hợp lệ (quá 120 tuổi)."))
    return value


def _parse_gender(raw: str, errors: dict[str, str]) -> str | None:
    if raw in {g.value for g in Gender}:
        return raw
    errors["gender"] = str(_l("Vui lòng chọn giới tính."))
    return None


def parse_email(raw: str, errors: dict[str, str]) -> str | None:
    """The address in the one form it is stored and looked up in; a problem goes to `errors`."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors["email"] = str(_l("Địa chỉ email không hợp lệ."))
        return None


def _parse_organization(
    raw: str, kind: OrganizationKind, field: str, errors: dict[str, str]
) -> Organization | None:
    """Accept an organization by id or by exact name; it must be on the organizer's list."""
    raw = (raw or "").strip()
    if not raw:
        return None
    query = select(Organization).where(Organization.kind == kind, Organization.active.is_(True))
    if raw.isdigit():
        query = query.where(Organization.id == int(raw))
    else:
        query = query.where(Organization.name == raw)
    found = db.session.scalars(query).first()
    if found is None:
        errors[field] = str(_l("Vui lòng chọn trong danh sách có sẵn."))
    return found


def ensure_unique(*, id_number: str | None, phone: str | None, email: str | None) -> None:
    """Refuse identifiers another account already uses, naming each one (409 already_registered).

    The unique indexes still decide a race; this check gives the person a message per field.
    """
    taken: dict[str, str] = {}
    checks = (
        ("id_number", User.id_number, id_number, _l("Số CCCD này đã được dùng để đăng ký.")),
        ("phone", User.phone, phone, _l("Số điện thoại này đã được dùng để đăng ký.")),
        ("email", User.email, email, _l("Email này đã được dùng để đăng ký.")),
    )
    for field, column, value, message in checks:
        if value and db.session.scalar(select(User.id).where(column == value)):
            taken[field] = str(message)
    if taken:
        raise Conflict(
            next(iter(taken.values())), code="already_registered", details={"fields": taken}
        )
