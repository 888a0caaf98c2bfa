"""Uploaded banks kept between the preview and the import: instance/uploads/imports/<sha256>.<ext>.

The preview page names the file by its SHA-256 only; the import re-reads it, then removes it.
Files older than a day are swept away whenever a new one arrives.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from flask import current_app

EXTENSIONS = ("xlsx", "xlsm", "xls", "ods", "docx", "xml")
MAX_AGE_SECONDS = 24 * 3600
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1024 * 1024


def upload_dir() -> Path:
    """Where uploads wait (IMPORT_UPLOAD_DIR, default instance/uploads/imports)."""
    configured = current_app.config.get("IMPORT_UPLOAD_DIR")
    path = (
        Path(configured) if configured else Path(current_app.instance_path) / "uploads" / "imports"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def clean_filename(name: str | None) -> str:
    """The file's own name as the organizer sees it, without any client-side directory."""
    base = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    return base[:255] or "tep-khong-ten.xlsx"


def extension(filename: str) -> str:
    """The stored extension: the upload's own when it is a workbook type, else "bin"."""
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    return suffix if suffix in EXTENSIONS else "bin"


def store(stream: BinaryIO, filename: str) -> str:
    """Copy an upload to the upload folder and return its SHA-256 (its name there)."""
    sweep()
    folder = upload_dir()
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as target:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                target.write(chunk)
        sha256 = digest.hexdigest()
        os.replace(temporary, folder / f"{sha256}.{extension(filename)}")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def find(sha256: str) -> Path | None:
    """The stored upload with that SHA-256, or None (unknown, malformed or swept)."""
    if not _SHA256.fullmatch(sha256 or ""):
        return None
    folder = upload_dir()
    return next(
        (
            folder / f"{sha256}.{ext}"
            for ext in (*EXTENSIONS, "bin")
            if (folder / f"{sha256}.{ext}").is_file()
        ),
        None,
    )


def remove(sha256: str) -> None:
    """Forget a stored upload (after its import, or when it cannot be read)."""
    path = find(sha256)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(max_age_seconds: int = MAX_AGE_SECONDS) -> int:
    """Remove uploads (and abandoned partial copies) older than a day; returns how many."""
    cutoff = time.time() - max_age_seconds
    removed = 0
    for path in upload_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker swept it first
            continue
    return removed


def sha256_of(data: bytes | str | os.PathLike[str]) -> str:
    """SHA-256 of an upload given as bytes or as a path."""
    if isinstance(data, bytes | bytearray | memoryview):
        return hashlib.sha256(data).hexdigest()
    with open(data, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
