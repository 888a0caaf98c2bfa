"""Certificates: what each round issues, and every certificate issued, frozen as it was issued.

A certificate keeps the very words and images it shows (name, contest, round, result, issuer,
signature, verification address) so that generating it again gives the same bytes, whatever
changes later in a profile, a round or the organizer's settings.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db
from contest.rounds.models import Round


class CertificateKind(StrEnum):
    PARTICIPATION = "participation"
    PRIZE = "prize"


class CertificateSettings(db.Model):
    """Whether a round issues certificates, and who issues and signs them."""

    __tablename__ = "certificate_settings"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), primary_key=True
    )
    participation: Mapped[bool] = mapped_column(default=False)
    prize: Mapped[bool] = mapped_column(default=False)
    issuer: Mapped[str] = mapped_column(String(255), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    # The uploaded signature image under instance/uploads/signatures/ (named by its content).
    signature_path: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    round: Mapped[Round] = relationship()


class Certificate(db.Model):
    """One certificate of one candidate for one round: participation, or a prize."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short code printed and encoded in the QR code; unambiguous letters and digits.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_column(CertificateKind, "certificate_kind"))
    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_on: Mapped[date] = mapped_column(Date)  # the date printed, in the display time zone
    full_name: Mapped[str] = mapped_column(String(120))
    contest_title: Mapped[str] = mapped_column(String(255))
    round_name: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(255))
    issuer: Mapped[str] = mapped_column(String(255))
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signature_path: Mapped[str | None] = mapped_column(String(255))
    verify_url: Mapped[str] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    round: Mapped[Round] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
