"""Certificates on the API: mine (issue, download), the public check, the organizers' settings."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from contest.certificates import issuing, settings
from contest.certificates.models import CertificateKind
from contest.certificates.schemas import (
    CertificateSchema,
    IssueSchema,
    OfferSchema,
    RevokeSchema,
    SettingsInputSchema,
    SettingsSchema,
    SignatureUploadSchema,
    VerificationSchema,
)
from contest.certificates.views import pdf_response
from contest.core import limits
from contest.core.access import ORGANIZER_ROLES, Role, roles_required
from contest.core.api import ApiBlueprint, binary_response
from contest.core.api.schemas import PageArgs, page_of
from contest.core.clock import utcnow
from contest.core.extensions import limiter
from contest.rounds.rounds import get_round

bp = ApiBlueprint("certificates", __name__, "Certificates: download, public check, issuing")


@bp.get("/me/certificates")
@roles_required(Role.CANDIDATE)
@bp.response(200, OfferSchema(many=True))
def my_certificates():
    """The certificates I have, and those I may download now (issued at the first download).

    Roles: candidate.
    """
    return issuing.offers(current_user, utcnow())


@bp.post("/me/certificates")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@bp.arguments(IssueSchema)
@bp.response(201, CertificateSchema, description="Issued now")
@bp.alt_response(200, schema=CertificateSchema, description="Issued before", success=True)
@bp.errors({404: "not_found: no such round", 409: "certificate_unavailable"})
def issue_certificate(body: dict):
    """Issue my certificate of a round (a repeat answers the one issued).

    Roles: candidate.
    """
    kind = CertificateKind(body["kind"])
    existing = issuing.own_certificate(current_user, body["round_id"], kind)
    if existing is not None:
        return existing, 200
    verify_base = url_for("certificates.verify_form", _external=True)
    return issuing.issue(current_user, body["round_id"], kind, utcnow(), verify_base), 201


@bp.get("/me/certificates/<code>/pdf")
@roles_required(Role.CANDIDATE)
@bp.response(200, **binary_response("application/pdf"))
@bp.errors({404: "not_found", 409: "certificate_revoked"})
def my_certificate_pdf(code: str):
    """My certificate as a PDF file (the same bytes every time).

    Roles: candidate.
    """
    return pdf_response(issuing.own_by_code(current_user, code))


@bp.get("/certificates/<code>")
@bp.response(200, VerificationSchema)
@bp.errors({404: "not_found: no certificate has this code"})
def verify_certificate(code: str):
    """Check a certificate by its code: valid or revoked, and what it certifies.

    Roles: anyone.
    """
    return issuing.by_code(code)


@bp.post("/certificates/<code>/revoke")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(RevokeSchema)
@bp.response(200, CertificateSchema)
@bp.errors({400: "details.fields.reason", 404: "not_found", 409: "already_revoked"})
def revoke_certificate(body: dict, code: str):
    """Revoke a certificate with a written reason (audited).

    Roles: organizer, admin.
    """
    return issuing.revoke(issuing.by_code(code), body["reason"], current_user, utcnow())


@bp.get("/rounds/<int:round_id>/certificates")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(CertificateSchema))
@bp.errors({404: "not_found"})
def round_certificates(args: dict, round_id: int):
    """The certificates a round has issued, newest first (paged).

    Roles: organizer, admin.
    """
    issued = issuing.round_certificates(get_round(round_id))
    page, per_page = args["page"], args["per_page"]
    shown = issued[(page - 1) * per_page : page * per_page]
    return {"items": shown, "total": len(issued), "page": page, "per_page": per_page}


@bp.get("/rounds/<int:round_id>/certificate-settings")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, SettingsSchema)
@bp.errors({404: "not_found"})
def certificate_settings(round_id: int):
    """Which certificates the round issues, and who issues and signs them.

    Roles: organizer, admin.
    """
    return settings.settings_for(get_round(round_id))


@bp.put("/rounds/<int:round_id>/certificate-settings")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(SettingsInputSchema)
@bp.response(200, SettingsSchema)
@bp.errors({400: "details.fields.issuer", 404: "not_found"})
def save_certificate_settings(body: dict, round_id: int):
    """Choose the certificates the round issues and the issuing body (audited).

    Roles: organizer, admin.
    """
    return settings.save_settings(get_round(round_id), actor=current_user, **body)


@bp.post("/rounds/<int:round_id>/certificate-settings/signature")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(SignatureUploadSchema, location="files")
@bp.response(200, SettingsSchema)
@bp.errors({400: "details.fields.signature", 404: "not_found", 413: "too_large"})
def upload_signature(files: dict, round_id: int):
    """Upload the signature image printed on the round's certificates (PNG or JPEG, ≤ 1 MB).

    Roles: organizer, admin.
    """
    upload = files["signature"]
    # Anything but a file part reads as empty, and is refused as not an image.
    data = upload.read(settings.SIGNATURE_MAX_BYTES + 1) if hasattr(upload, "read") else b""
    return settings.save_signature(get_round(round_id), data, actor=current_user)
