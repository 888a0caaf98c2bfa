"""A contest's banner image: checked by its content, stored under the instance folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.rounds.models import Contest

BANNER_MAX_BYTES = 2 * 1024 * 1024
BANNER_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def banner_dir() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "uploads" / "banners"


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
    """Store a PNG/JPEG/WebP banner (≤ 2 MB) under instance/uploads/banners/."""
    if len(data) > BANNER_MAX_BYTES:
        raise InvalidInput.for_fields({"banner": str(_l("Ảnh bìa tối đa 2 MB."))})
    kind = _image_type(data)
    if kind is None:
        raise InvalidInput.for_fields(
            {"banner": str(_l("Ảnh bìa phải là tệp PNG, JPEG hoặc WebP."))}
        )
    name = f"{contest.id}-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
    folder = banner_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
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


def banner_file(contest: Contest) -> tuple[Path, str]:
    """Where the banner is stored and its media type; NotFound when there is none."""
    if not contest.banner_path:
        raise NotFound()
    path = banner_dir() / contest.banner_path
    if not path.is_file():
        raise NotFound()
    return path, BANNER_TYPES[path.suffix.lstrip(".")]
