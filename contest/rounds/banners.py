"""A contest's banner image: checked by its content, kept in the storage every node shares."""

from __future__ import annotations

import hashlib

from flask_babel import lazy_gettext as _l

from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.core.storage import storage
from contest.rounds.models import Contest

BANNER_MAX_BYTES = 2 * 1024 * 1024
BANNER_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def _image_type(data: bytes) -> str | None:
    """The image type from the file's first bytes (never from its name or declared type)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def save_banner(contest: Contest, data: bytes) -> str:
    """Store a PNG/JPEG/WebP banner (≤ 2 MB) as banners/<contest>-<digest>.<type>."""
    if len(data) > BANNER_MAX_BYTES:
        raise InvalidInput.for_fields({"banner": str(_l("Ảnh bìa tối đa 2 MB."))})
    kind = _image_type(data)
    if kind is None:
        raise InvalidInput.for_fields(
            {"banner": str(_l("Ảnh bìa phải là tệp PNG, JPEG hoặc WebP."))}
        )
    name = f"{contest.id}-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
    storage().put(f"banners/{name}", data)
    before = contest.banner_path
    contest.banner_path = name
    audit.record(
        "contests.banner",
        "contest",
        contest.id,
        before={"banner_path": before},
        after={"banner_path": name},
    )
    return name


def banner_file(contest: Contest) -> tuple[bytes, str]:
    """The banner's bytes and media type; NotFound when there is none."""
    if not contest.banner_path:
        raise NotFound()
    data = storage().get(f"banners/{contest.banner_path}")
    if data is None:
        raise NotFound()
    return data, BANNER_TYPES[contest.banner_path.rsplit(".", 1)[-1]]
