"""What the certificates API reads and answers: offers, certificates, settings, verification.

The public verification answer says whether a certificate is valid and what it certifies,
and nothing more: no identity number, phone, birth date or reason of a revocation.
"""

from __future__ import annotations

from marshmallow import fields

from contest.certificates.codes import display
from contest.certificates.models import CertificateKind
from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Computed,
    Day,
    Enum,
    Id,
    LenientSchema,
    Moment,
    OneOf,
    Text,
)

KINDS = [kind.value for kind in CertificateKind]


# --- requests -----------------------------------------------------------------------------------


class IssueSchema(LenientSchema):
    round_id = Id(required=True)
    kind = OneOf(CertificateKind, required=True, metadata={"enum": KINDS})


class SettingsInputSchema(LenientSchema):
    participation = Bool(required=True, metadata={"description": "Certificates of participation"})
    prize = Bool(required=True, metadata={"description": "Certificates of prize (locked list)"})
    issuer = Text(
        max_length=255,
        load_default="",
        metadata={"description": "Issuing body; required once the round issues certificates"},
    )
    signer_title = Text(max_length=120, load_default="")
    signer_name = Text(max_length=120, load_default="")


class SignatureUploadSchema(LenientSchema):
    signature = fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "PNG or JPEG, ≤ 1 MB"},
    )


class RevokeSchema(LenientSchema):
    reason = Text(
        required=True, max_length=2000, metadata={"description": "Why (at least 10 characters)"}
    )


# --- answers ------------------------------------------------------------------------------------


class OfferSchema(ApiSchema):
    """A certificate I have, or may download (issued at the first download)."""

    round_id = Computed(lambda o: o.round.id, "integer", required=True)
    contest = Computed(lambda o: o.round.contest.title, "string", required=True)
    round = Computed(lambda o: o.round.name, "string", required=True)
    kind = Enum(CertificateKind, required=True)
    result = Text(required=True)
    code = Computed(
        lambda o: o.certificate.code if o.certificate else None,
        "string",
        required=True,
        allow_none=True,
        metadata={"description": "null until the first download issues it"},
    )
    revoked = Computed(
        lambda o: bool(o.certificate and o.certificate.is_revoked),
        "boolean",
        required=True,
    )


class CertificateSchema(ApiSchema):
    """A certificate as its holder and the organizers see it."""

    code = Text(required=True)
    display_code = Computed(lambda c: display(c.code), "string", required=True)
    kind = Enum(CertificateKind, required=True)
    round_id = Id(required=True)
    user_id = Id(required=True)
    full_name = Text(required=True)
    contest_title = Text(required=True)
    round_name = Text(required=True)
    result = Text(required=True)
    issuer = Text(required=True)
    issued_at = Moment(required=True)
    issued_on = Day(required=True)
    verify_url = Text(required=True)
    revoked_at = Moment(required=True, allow_none=True)
    revoked_reason = Text(required=True, allow_none=True)


class VerificationSchema(ApiSchema):
    """What the public verification says: valid or revoked, and what it certifies."""

    code = Computed(lambda c: display(c.code), "string", required=True)
    status = Computed(
        lambda c: "revoked" if c.is_revoked else "valid",
        "string",
        required=True,
        metadata={"enum": ["valid", "revoked"]},
    )
    kind = Enum(CertificateKind, required=True)
    full_name = Text(required=True)
    contest_title = Text(required=True)
    round_name = Text(required=True)
    result = Text(required=True)
    issuer = Text(required=True)
    issued_on = Day(required=True)
    revoked_at = Moment(required=True, allow_none=True)


class SettingsSchema(ApiSchema):
    round_id = Id(required=True)
    participation = Bool(required=True)
    prize = Bool(required=True)
    issuer = Text(required=True)
    signer_title = Text(required=True)
    signer_name = Text(required=True)
    has_signature = Computed(lambda s: bool(s.signature_path), "boolean", required=True)
