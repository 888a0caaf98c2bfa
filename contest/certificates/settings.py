"""What a round issues, the issuing body, and the signature image the organizer uploads.

The signature is checked like the contest banner: its type is read from its first bytes (PNG
or JPEG), its size is capped, and it must open as an image of sensible dimensions. Files are
named by their content and never overwritten, so a certificate issued with an earlier
signature still finds it.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import PurePosixPath

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from contest.accounts.models import User
from contest.certificates.models import CertificateSettings
from contest.core import audit
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.core.storage import storage
from contest.rounds.models import Round

SIGNATURE_MAX_BYTES = 1024 * 1024
SIGNATURE_MAX_PIXELS = 4000
LIMITS = {"issuer": 255, "signer_title": 120, "signer_name": 120}


def settings_for(round_: Round) -> CertificateSettings:
    """The round's settings (unsaved defaults when it has none: issues nothing)."""
    return db.session.get(CertificateSettings, round_.id) or CertificateSettings(
        round_id=round_.id,
        participation=False,
        prize=False,
        issuer=round_.contest.organizing_unit or "",
        signer_title="",
        signer_name="",
    )


def save_settings(
    round_: Round,
    *,
    participation: bool,
    prize: bool,
    issuer: str,
    signer_title: str = "",
    signer_name: str = "",
    actor: User | None = None,
) -> CertificateSettings:
    """Choose what the round issues and who issues it (audited)."""
    values = {
        "participation": bool(participation),
        "prize": bool(prize),
        "issuer": " ".join((issuer or "").split()),
        "signer_title": " ".join((signer_title or "").split()),
        "signer_name": " ".join((signer_name or "").split()),
    }
    _check(values)
    settings = settings_for(round_)
    before = {name: getattr(settings, name) for name in values}
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by_id = actor.id if actor is not None else None
    db.session.add(settings)
    db.session.flush()
    changed = sorted(name for name in values if before[name] != values[name])
    if changed:
        audit.record(
            "certificates.settings",
            "contest_round",
            round_.id,
            before={name: before[name] for name in changed},
            after={name: values[name] for name in changed},
            actor=actor,
        )
    return settings


def _check(values: dict) -> None:
    errors = {
        name: str(_l("Tối đa %(n)s ký tự.", n=limit))
        for name, limit in LIMITS.items()
        if len(values[name]) > limit
    }
    if (values["participation"] or values["prize"]) and not values["issuer"]:
        errors["issuer"] = str(_l("Vui lòng nhập tên cơ quan, đơn vị cấp giấy chứng nhận."))
    if errors:
        raise InvalidInput.for_fields(errors)


def _image_kind(data: bytes) -> str | None:
    """PNG or JPEG, read from the file's first bytes (never from its name or declared type)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput.for_fields(
            {"signature": str(_l("Không đọc được ảnh chữ ký."))}
        ) from None
    if max(width, height) > SIGNATURE_MAX_PIXELS:
        raise InvalidInput.for_fields(
            {
                "signature": str(
                    _l("Ảnh chữ ký tối đa %(n)s điểm ảnh mỗi chiều.", n=SIGNATURE_MAX_PIXELS)
                )
            }
        )


def save_signature(round_: Round, data: bytes, actor: User | None = None) -> CertificateSettings:
    """Store a PNG/JPEG signature (≤ 1 MB) for the round's certificates (audited)."""
    if len(data) > SIGNATURE_MAX_BYTES:
        raise InvalidInput.for_fields({"signature": str(_l("Ảnh chữ ký tối đa 1 MB."))})
    kind = _image_kind(data)
    if kind is None:
        raise InvalidInput.for_fields(
            {"signature": str(_l("Ảnh chữ ký phải là tệp PNG hoặc JPEG."))}
        )
    _check_image(data)
    name = f"{round_.id}-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
    if not storage().exists(f"signatures/{name}"):
        storage().put(f"signatures/{name}", data)
    settings = settings_for(round_)
    before = settings.signature_path
    settings.signature_path = name
    settings.updated_by_id = actor.id if actor is not None else None
    db.session.add(settings)
    db.session.flush()
    audit.record(
        "certificates.signature",
        "contest_round",
        round_.id,
        before={"signature_path": before},
        after={"signature_path": name},
        actor=actor,
    )
    return settings


def signature_bytes(name: str | None) -> bytes | None:
    """The stored signature image, if there is one."""
    if not name:
        return None
    return storage().get(f"signatures/{PurePosixPath(name).name}")
