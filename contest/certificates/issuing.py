"""Who may have which certificate, issuing it on first download, looking it up, revoking it.

A round that issues certificates of participation gives one to every candidate with a final
attempt once its results are published, stating the score of the attempt that counts. A round
that issues prize certificates gives one to every winner of its locked prize list, stating the
prize. A certificate is issued the first time it is asked for and then never changes; an
organizer may revoke it with a written reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from contest.accounts.models import User
from contest.attempts.models import Attempt
from contest.certificates.codes import new_code, normalize
from contest.certificates.models import Certificate, CertificateKind, CertificateSettings
from contest.certificates.settings import settings_for
from contest.core import audit
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.core.i18n import display_zone
from contest.prizes.models import PrizeAward, PrizeResult, PrizeTier
from contest.ranking.order import counted_rows
from contest.rounds.models import Round, RoundState

MIN_REASON_LENGTH = 10


class CertificateUnavailable(Conflict):
    code = "certificate_unavailable"
    default_message = _l("Bạn chưa đủ điều kiện nhận giấy chứng nhận này.")


class CertificateRevoked(Conflict):
    code = "certificate_revoked"
    default_message = _l("Giấy chứng nhận này đã bị thu hồi.")


@dataclass(frozen=True)
class Offer:
    """A certificate the candidate may download: issued already, or issued on first download."""

    round: Round
    kind: CertificateKind
    result: str
    certificate: Certificate | None


def format_score(value: float | None) -> str:
    """8, 7,5: scores the Vietnamese way."""
    if value is None:
        return "—"
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")


def participation_result(round_: Round, user: User, now: datetime) -> str | None:
    """ "Đạt 8/10 điểm" from the counted attempt, once the results are published; else None."""
    if round_.state_at(now) != RoundState.PUBLISHED:
        return None
    counted = counted_rows(round_).subquery("counted")
    attempt_id = db.session.scalar(select(counted.c.attempt_id).where(counted.c.user_id == user.id))
    if attempt_id is None:
        return None
    attempt = db.session.get(Attempt, attempt_id)
    # The certificate is a Vietnamese document whatever language its holder reads the site in.
    return f"Đạt {format_score(attempt.score)}/{format_score(attempt.max_score)} điểm"


def prize_result(round_: Round, user: User) -> str | None:
    """The prize the user won in the round's locked prize list, if any."""
    return db.session.scalar(
        select(PrizeTier.name)
        .join(PrizeAward, PrizeAward.tier_id == PrizeTier.id)
        .join(PrizeResult, PrizeResult.id == PrizeAward.result_id)
        .where(
            PrizeResult.round_id == round_.id,
            PrizeResult.locked_at.is_not(None),
            PrizeAward.user_id == user.id,
        )
    )


def eligible_result(round_: Round, user: User, kind: CertificateKind, now: datetime):
    """What the certificate would state, or None when the round does not issue it to this user."""
    settings = db.session.get(CertificateSettings, round_.id)
    if settings is None:
        return None
    if kind == CertificateKind.PARTICIPATION and settings.participation:
        return participation_result(round_, user, now)
    if kind == CertificateKind.PRIZE and settings.prize:
        return prize_result(round_, user)
    return None


def offers(user: User, now: datetime) -> list[Offer]:
    """Every certificate the user has or may download now, newest round first."""
    issued = {
        (c.round_id, c.kind): c
        for c in db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .options(joinedload(Certificate.round).joinedload(Round.contest))
        )
    }
    found = [Offer(c.round, c.kind, c.result, c) for c in issued.values()]
    rounds = db.session.scalars(
        select(Round)
        .join(CertificateSettings, CertificateSettings.round_id == Round.id)
        .where(or_(CertificateSettings.participation, CertificateSettings.prize))
        .options(joinedload(Round.contest))
    ).all()
    for round_ in rounds:
        for kind in CertificateKind:
            if (round_.id, kind) in issued:
                continue
            result = eligible_result(round_, user, kind, now)
            if result is not None:
                found.append(Offer(round_, kind, result, None))
    return sorted(found, key=lambda o: (o.round.closes_at, o.round.id, o.kind), reverse=True)


def issue(user: User, round_id: int, kind: CertificateKind, now: datetime, verify_base: str):
    """The user's certificate for the round, issued now if it was not yet (idempotent).

    `verify_base` is the public verification address without the code ("https://…/verify/").
    """
    existing = own_certificate(user, round_id, kind)
    if existing is not None:
        return existing
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound()
    result = eligible_result(round_, user, kind, now)
    if result is None:
        raise CertificateUnavailable()
    settings = settings_for(round_)
    for _try in range(5):
        code = new_code()
        certificate = Certificate(
            code=code,
            kind=kind,
            round_id=round_.id,
            user_id=user.id,
            issued_at=now,
            issued_on=now.astimezone(display_zone()).date(),
            full_name=user.full_name,
            contest_title=round_.contest.title,
            round_name=round_.name,
            result=result,
            issuer=settings.issuer or round_.contest.organizing_unit or "",
            signer_title=settings.signer_title,
            signer_name=settings.signer_name,
            signature_path=settings.signature_path,
            verify_url=verify_base + code,
        )
        try:
            with db.session.begin_nested():  # a simultaneous first download may win
                db.session.add(certificate)
            return certificate
        except IntegrityError:
            existing = own_certificate(user, round_id, kind)
            if existing is not None:
                return existing
    raise RuntimeError("no free certificate code after 5 tries")  # 30¹⁰ codes: never


def own_certificate(user: User, round_id: int, kind: CertificateKind) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.round_id == round_id,
            Certificate.kind == kind,
        )
    )


def by_code(text: str) -> Certificate:
    """The certificate with this code (as a person typed it); NotFound otherwise."""
    code = normalize(text)
    certificate = (
        db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None
    )
    if certificate is None:
        raise NotFound(_l("Không tìm thấy giấy chứng nhận có mã này."))
    return certificate


def own_by_code(user: User, text: str) -> Certificate:
    """The user's own certificate with this code; anyone else's is "not found"."""
    certificate = by_code(text)
    if certificate.user_id != user.id:
        raise NotFound(_l("Không tìm thấy giấy chứng nhận có mã này."))
    return certificate


def revoke(certificate: Certificate, reason: str, actor: User, now: datetime) -> Certificate:
    """Revoke a certificate with a written reason (audited); its verification then says so."""
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise InvalidInput.for_fields(
            {
                "reason": str(
                    _l("Vui lòng ghi rõ lý do thu hồi (ít nhất %(n)s ký tự).", n=MIN_REASON_LENGTH)
                )
            }
        )
    if certificate.is_revoked:
        raise Conflict(_l("Giấy chứng nhận này đã bị thu hồi."), code="already_revoked")
    certificate.revoked_at = now
    certificate.revoked_reason = reason
    certificate.revoked_by_id = actor.id
    db.session.flush()
    audit.record(
        "certificates.revoke",
        "certificate",
        certificate.code,
        before={"revoked": False},
        after={"revoked": True, "user_id": certificate.user_id, "round_id": certificate.round_id},
        reason=reason,
        actor=actor,
    )
    return certificate


def round_certificates(round_: Round) -> list[Certificate]:
    """Every certificate the round has issued, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.round_id == round_.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )
