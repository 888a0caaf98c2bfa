"""Staff accounts: admins create organizers, judges and other admins, disable and re-enable them,
change their role and reset their password (pages and CLI alike), every change audited.

The platform always keeps one active admin: the last one cannot be disabled or demoted, and an
admin cannot disable or demote themselves from the pages (another admin, or the CLI, can).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.accounts.credentials import hash_password, password_problem
from contest.accounts.models import User
from contest.accounts.recovery import issue_one_time_password
from contest.accounts.registration import ensure_unique, parse_email
from contest.accounts.sessions import end_all_sessions
from contest.core import audit
from contest.core.access import STAFF_ROLES, Role
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db


def create_staff(email: str, role: Role | str, password: str, full_name: str = "") -> User:
    """Create an admin, organizer or judge account (web page and CLI share this); audited."""
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
    audit.record("users.create", "user", user.id, after={"email": user.email, "role": role.value})
    return user


def get_staff(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        raise NotFound()
    return user


def find_staff(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or user.role not in STAFF_ROLES:
        raise NotFound(_l("Không có tài khoản cán bộ với email này."))
    return user


def set_active(user: User, active: bool, actor: User | None = None) -> None:
    """Disable (every session ends, tokens stop working) or re-enable a staff account."""
    if user.active == active:
        return
    if not active:
        _keep_an_admin(user, actor, DISABLE)
        end_all_sessions(user, "disabled")
    user.active = active
    audit.record(
        "users.enable" if active else "users.disable",
        "user",
        user.id,
        before={"active": not active},
        after={"active": active},
        actor=actor,
    )


def change_role(user: User, role: Role | str, actor: User | None = None) -> None:
    """Move a staff account to another staff role."""
    role = Role(role)
    if role not in STAFF_ROLES:
        raise InvalidInput.for_fields({"role": str(_l("Vai trò cán bộ không hợp lệ."))})
    if role == user.role:
        return
    if user.role == Role.ADMIN:
        _keep_an_admin(user, actor, DEMOTE)
    before = user.role.value
    user.role = role
    audit.record(
        "users.role",
        "user",
        user.id,
        before={"role": before},
        after={"role": role.value},
        actor=actor,
    )


def reset_staff_password(user: User, actor: User | None = None) -> tuple[str, datetime]:
    """A one-time password for a staff account, to be changed at the next sign-in."""
    if actor is not None and actor.id == user.id:
        raise Conflict(_l("Hãy đổi mật khẩu của chính bạn ở trang Tài khoản."), code="own_account")
    return issue_one_time_password(user, "admin")


DISABLE = (
    _l("Bạn không thể tự vô hiệu hóa tài khoản của mình; hãy nhờ một quản trị viên khác."),
    _l("Không thể vô hiệu hóa quản trị viên cuối cùng còn hoạt động."),
)
DEMOTE = (
    _l("Bạn không thể tự hạ vai trò của mình; hãy nhờ một quản trị viên khác."),
    _l("Không thể hạ vai trò quản trị viên cuối cùng còn hoạt động."),
)


def _keep_an_admin(user: User, actor: User | None, messages: tuple) -> None:
    own_account, last_admin = messages
    if actor is not None and actor.id == user.id:
        raise Conflict(own_account, code="own_account")
    if user.role == Role.ADMIN and user.active and _active_admins() <= 1:
        raise Conflict(last_admin, code="last_admin")


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
    )
