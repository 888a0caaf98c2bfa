"""Accounts: users with one role, the unit/locality lists, sign-in sessions and access tokens."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.access import STAFF_ROLES, Role  # noqa: F401 - the role column
from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class OrganizationKind(StrEnum):
    UNIT = "unit"
    LOCALITY = "locality"


class Organization(db.Model):
    """A unit (cơ quan, đơn vị) or locality (xã, phường) candidates choose from."""

    __tablename__ = "organization"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind, "org_kind"))
    name: Mapped[str] = mapped_column(String(200))
    headcount: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class ConsentNotice(db.Model):
    """A version of the personal-data notice candidates consent to, kept word for word."""

    __tablename__ = "consent_notice"

    # The first 16 hex digits of the text's SHA-256: a changed text is a new version.
    version: Mapped[str] = mapped_column(String(16), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):
    """Anyone who signs in; candidates carry the identity fields the organizer verifies."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(15), unique=True)
    id_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Set by a reset that hands out a one-time password: it must be changed at the next
    # sign-in, and it stops working at password_expires_at.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Consent to the processing of personal data (Decree 13/2023): which notice, and when.
    consent_version: Mapped[str | None] = mapped_column(String(16))  # a ConsentNotice version
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once the personal data is erased (on request, or by retention); irreversible.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Organization | None] = relationship(foreign_keys=[unit_id])
    locality: Mapped[Organization | None] = relationship(foreign_keys=[locality_id])
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    # The key of the sign-in being started (contest.accounts.sessions); never stored as is.
    session_key = None

    def get_session_key(self) -> str | None:
        """What Flask-Login keeps in the session and the remember cookie: the session's key."""
        return self.session_key

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def login_name(self) -> str:
        """What this user types to sign in, for display."""
        return self.email or self.phone or self.id_number or str(self.id)


class ApiToken(db.Model):
    """A personal access token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class UserSession(db.Model):
    """One browser sign-in. The cookie carries a random key; only its SHA-256 is stored here.

    Ending it (logout, password change, "sign out everywhere", a disabled account) is a write
    here, so a copied cookie or remember-me cookie stops working at once.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Updated at most every few minutes, not on every request (see sessions.TOUCH_INTERVAL).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship()
