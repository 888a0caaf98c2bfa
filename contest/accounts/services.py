"""Accounts: candidate registration, sign-in by any identifier, staff creation, access tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.accounts.identity import IdentityError, looks_like_cccd, normalize_phone, validate_cccd
from contest.accounts.models import ApiToken, Gender, Organization, OrganizationKind, User
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db

MIN_PASSWORD_LENGTH = 8
TOKEN_PREFIX = "tl_"  # noqa: S105 - a marker, not a secret
# A stand-in hash so that an unknown login costs as much time as a wrong password.
_DUMMY_HASH_CACHE: dict[str, str] = {}


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


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    return generate_password_hash(password, method) if method else generate_password_hash(password)


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
    email = _parse_email(form.email, errors) if form.email.strip() else None
    if len(form.password) < MIN_PASSWORD_LENGTH:
        errors["password"] = str(_l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))
    unit = _parse_organization(form.unit, OrganizationKind.UNIT, "unit", errors)
    locality = _parse_organization(form.locality, OrganizationKind.LOCALITY, "locality", errors)
    if errors:
        raise InvalidInput.for_fields(errors)
    _ensure_unique(id_number=id_number, phone=phone, email=email)
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
        session_nonce=secrets.token_hex(4),
    )
    db.session.add(user)
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


def _parse_email(raw: str, errors: dict[str, str]) -> str | None:
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


def _ensure_unique(*, id_number: str | None, phone: str | None, email: str | None) -> None:
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


def find_user_by_login(login: str) -> User | None:
    """Find a user by email, phone (any common format) or CCCD."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return db.session.scalar(select(User).where(User.email == login.lower()))
    if looks_like_cccd(login):
        return db.session.scalar(select(User).where(User.id_number == login.replace(" ", "")))
    try:
        phone = normalize_phone(login)
    except IdentityError:
        return None
    return db.session.scalar(select(User).where(User.phone == phone))


def authenticate(login: str, password: str) -> User | None:
    """Return the active user with these credentials, spending equal time on unknown logins."""
    user = find_user_by_login(login)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "default"
    if method not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[method] = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH_CACHE[method]


def create_staff(email: str, role: Role | str, password: str, full_name: str = "") -> User:
    """Create an admin, organizer or judge account (web page and CLI share this)."""
    role = Role(role)
    if role == Role.CANDIDATE:
        raise InvalidInput(_l("Tài khoản thí sinh được tạo bằng trang đăng ký."))
    errors: dict[str, str] = {}
    normalized = _parse_email(email, errors)
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = str(_l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))
    if errors:
        raise InvalidInput.for_fields(errors)
    _ensure_unique(id_number=None, phone=None, email=normalized)
    user = User(
        role=role,
        email=normalized,
        full_name=" ".join(full_name.split()) or normalized.split("@")[0],
        password_hash=hash_password(password),
        session_nonce=secrets.token_hex(4),
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Change a password and sign the user out of every other session."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.for_fields(
            {"password": str(_l("Mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH))}
        )
    user.password_hash = hash_password(password)
    user.session_nonce = secrets.token_hex(4)


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal access token; the raw value is returned once and never stored."""
    name = " ".join((name or "").split())[:100] or "script"
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_token_digest(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    return token, raw


def user_for_token(raw: str) -> User | None:
    """The active user owning a non-revoked token, noting when it was last used."""
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_digest(raw), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
    return token.user


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token
