"""Uploaded banks kept between the preview and the import, in the shared file storage.

Stored as imports/<sha256> (contest.core.storage), so that the preview made on one node
is imported on another. The preview page names the file by its SHA-256 only; the import re-reads
it, then removes it. Files older than a day are swept away whenever a new one arrives.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import timedelta
from pathlib import PurePosixPath
from typing import BinaryIO

from contest.core.clock import utcnow
from contest.core.storage import storage

MAX_AGE = timedelta(days=1)
PREFIX = "imports"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def clean_filename(name: str | None) -> str:
    """The file's own name as the organizer sees it, without any client-side directory."""
    base = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    return base[:255] or "tep-khong-ten.xlsx"


def store(stream: BinaryIO) -> str:
    """Keep an upload in the shared storage and return its SHA-256 (its name there)."""
    sweep()
    data = stream.read()
    sha256 = hashlib.sha256(data).hexdigest()
    storage().put(f"{PREFIX}/{sha256}", data)
    return sha256


def _key(sha256: str) -> str | None:
    return f"{PREFIX}/{sha256}" if _SHA256.fullmatch(sha256 or "") else None


def load(sha256: str) -> bytes | None:
    """The stored upload with that SHA-256, or None (unknown, malformed or swept)."""
    key = _key(sha256)
    return None if key is None else storage().get(key)


def exists(sha256: str) -> bool:
    """Whether an upload with that SHA-256 is still stored (not yet imported or swept)."""
    key = _key(sha256)
    return key is not None and storage().exists(key)


def remove(sha256: str) -> None:
    """Forget a stored upload once its import is committed."""
    if (key := _key(sha256)) is not None:
        storage().delete(key)


def discard(sha256: str) -> None:
    """Forget an upload that cannot be read, even though the request answers with an error."""
    if (key := _key(sha256)) is not None:
        storage().discard(key)


def sweep(max_age: timedelta = MAX_AGE) -> int:
    """Remove uploads older than a day; returns how many."""
    return storage().sweep(PREFIX, utcnow() - max_age)


def sha256_of(data: bytes | str | os.PathLike[str]) -> str:
    """SHA-256 of an upload given as bytes or as a path."""
    if isinstance(data, bytes | bytearray | memoryview):
        return hashlib.sha256(data).hexdigest()
    with open(data, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
