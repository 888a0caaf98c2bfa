"""Files every node reaches: uploads awaiting their import, export files, banners, signatures.

The backend is chosen by FILE_STORAGE: "database" (the default: one `stored_file` row per file,
so nodes that share the database share the files with nothing else to set up) or "directory"
(files under FILE_STORAGE_DIR, shared by the nodes when it is a network mount such as NFS).
Keys are relative paths ("banners/3-ab12cd.png"). A file over FILE_STORAGE_MAX_MB is refused.

With the database backend a file written or deleted in a request belongs to its transaction
(a refused request leaves nothing behind); a directory is written at once. `discard` forgets a
file whatever becomes of the transaction (an unreadable upload on a refused request).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import LargeBinary, String, delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime
from contest.core.errors import ContestError
from contest.core.extensions import db

BACKENDS = ("database", "directory")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*")
_CHUNK = 1024 * 1024
_DISCARDS = "storage_discards"


class StoredFile(db.Model):
    """A file kept in the database: what every node sharing the database can read."""

    __tablename__ = "stored_file"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class FileTooLarge(ContestError):
    """A file over FILE_STORAGE_MAX_MB."""

    code = "file_too_large"
    status = 413
    default_message = _l("Tệp quá lớn để lưu trữ.")


def check_key(key: str) -> str:
    """A key is a relative path of plain names: no "..", no leading slash, at most 255 long."""
    if len(key) > 255 or not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"bad storage key: {key!r}")
    return key


def _read_capped(data: bytes | BinaryIO, limit: int) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        content = bytes(data)
    else:
        content = data.read(limit + 1)
    if len(content) > limit:
        raise FileTooLarge()
    return content


class Storage(Protocol):
    """What every backend offers."""

    max_bytes: int

    def put(self, key: str, data: bytes | BinaryIO) -> int: ...
    def get(self, key: str) -> bytes | None: ...
    def open(self, key: str) -> BinaryIO | None: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def discard(self, key: str) -> None: ...
    def sweep(self, prefix: str, older_than: datetime) -> int: ...


class DatabaseStorage:
    """Files as rows of `stored_file`, written in the current transaction."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def put(self, key: str, data: bytes | BinaryIO) -> int:
        """Store (or replace) a file; returns its size."""
        content = _read_capped(data, self.max_bytes)
        row = db.session.get(StoredFile, check_key(key))
        if row is None:
            try:
                with db.session.begin_nested():  # another node may store the same key now
                    db.session.add(StoredFile(key=key, data=content, size=len(content)))
                return len(content)
            except IntegrityError:
                row = db.session.get(StoredFile, key, populate_existing=True)
        row.data, row.size, row.created_at = content, len(content), utcnow()
        db.session.flush()
        return len(content)

    def get(self, key: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.data).where(StoredFile.key == check_key(key)))

    def open(self, key: str) -> BinaryIO | None:
        content = self.get(key)
        return None if content is None else io.BytesIO(content)

    def exists(self, key: str) -> bool:
        found = select(StoredFile.key).where(StoredFile.key == check_key(key))
        return db.session.scalar(found) is not None

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == check_key(key)))

    def discard(self, key: str) -> None:
        """Delete now, and again once the transaction has ended if it rolled back."""
        self.delete(key)
        db.session.info.setdefault(_DISCARDS, set()).add(key)

    def sweep(self, prefix: str, older_than: datetime) -> int:
        """Delete the files under `prefix` stored before `older_than`; how many."""
        result = db.session.execute(
            delete(StoredFile).where(
                StoredFile.key.startswith(check_key(prefix) + "/", autoescape=True),
                StoredFile.created_at < older_than,
            )
        )
        return result.rowcount


class DirectoryStorage:
    """Files under a directory (shared by the nodes when it is a network mount)."""

    def __init__(self, root: Path, max_bytes: int):
        self.root, self.max_bytes = root, max_bytes

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes | BinaryIO) -> int:
        """Write to a temporary file beside the target, then rename: readers never see half."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        stream = io.BytesIO(bytes(data)) if isinstance(data, bytes | bytearray) else data
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                size = 0
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FileTooLarge()
                    out.write(chunk)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return size

    def get(self, key: str) -> bytes | None:
        path = self.path(key)
        return path.read_bytes() if path.is_file() else None

    def open(self, key: str) -> BinaryIO | None:
        path = self.path(key)
        return path.open("rb") if path.is_file() else None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def discard(self, key: str) -> None:
        self.delete(key)

    def sweep(self, prefix: str, older_than: datetime) -> int:
        """Delete the files under `prefix` (and abandoned partial writes) older than that."""
        folder, cutoff, removed = self.path(prefix), older_than.timestamp(), 0
        if not folder.is_dir():
            return 0
        for path in folder.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another node swept it first
                continue
        return removed


def backend_for(config: dict) -> Storage:
    """The backend the configuration names (RuntimeError for a setting that cannot work)."""
    kind = (config.get("FILE_STORAGE") or "database").strip().lower()
    max_bytes = int(config.get("FILE_STORAGE_MAX_MB", 100)) * 1024 * 1024
    if kind == "database":
        return DatabaseStorage(max_bytes)
    if kind == "directory":
        root = config.get("FILE_STORAGE_DIR") or str(Path(config["INSTANCE_DIR"]) / "files")
        return DirectoryStorage(Path(root), max_bytes)
    raise RuntimeError(f"FILE_STORAGE must be one of {', '.join(BACKENDS)}, not {kind!r}")


def storage() -> Storage:
    """The application's file storage."""
    return current_app.extensions["file_storage"]


def _discard_after_rollback(session: Session) -> None:
    keys = session.info.pop(_DISCARDS, None)
    if keys:
        with db.engine.begin() as connection:  # the rolled-back transaction holds no lock now
            connection.execute(delete(StoredFile).where(StoredFile.key.in_(keys)))


def _forget_discards(session: Session) -> None:
    session.info.pop(_DISCARDS, None)


def init_app(app: Flask) -> None:
    app.extensions["file_storage"] = backend_for(app.config)
    if not getattr(init_app, "listening", False):
        event.listen(Session, "after_rollback", _discard_after_rollback)
        event.listen(Session, "after_commit", _forget_discards)
        init_app.listening = True
