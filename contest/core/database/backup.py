"""Backups of the whole database, and restoring one: SQLite's online backup API, PostgreSQL's
own pg_dump and pg_restore.

A backup is taken while the platform runs (SQLite copies a consistent snapshot page by page;
pg_dump reads one snapshot), so it can run from cron during a contest. A restore refuses to
write over a database that already holds data unless told to replace it, and reports the rows
of every table so that the operator can compare them with the source.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Engine, make_url

from contest.core.clock import utcnow


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class TableCount:
    name: str
    rows: int


def default_path(engine: Engine, folder: Path, now: datetime | None = None) -> Path:
    """instance/backups/thiluat-YYYYMMDD-HHMMSS.sqlite3 (SQLite) or .dump (PostgreSQL)."""
    stamp = (now or utcnow()).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if engine.dialect.name == "sqlite" else "dump"
    return folder / f"thiluat-{stamp}.{suffix}"


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (never over an existing file)."""
    if target.exists():
        raise BackupError(f"{target} đã tồn tại; chọn tên tệp khác.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_file(engine), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(engine)])
    return target


def restore(engine: Engine, source: Path, *, replace: bool = False) -> list[TableCount]:
    """Load a backup into the database; refuse to replace existing data unless asked."""
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {source}.")
    if not replace and any(count.rows for count in table_counts(engine)):
        raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu; dùng --replace để ghi đè.")
    engine.dispose()  # no pooled connection may hold the old database open
    if engine.dialect.name == "sqlite":
        _sqlite_copy(source, _sqlite_file(engine))
    else:
        args = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*args, f"--dbname={_libpq(engine)}", str(source)])
    return table_counts(engine)


def table_counts(engine: Engine) -> list[TableCount]:
    """Rows in every table of the database (what a restore is compared by)."""
    with engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
        return [
            TableCount(name, connection.scalar(select(func.count()).select_from(table(name))))
            for name in names
        ]


def _sqlite_file(engine: Engine) -> Path:
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        raise BackupError("Chỉ sao lưu được cơ sở dữ liệu SQLite lưu trong tệp.")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # The copy may carry WAL mode from the source; that is the platform's normal mode.


def _libpq(engine: Engine) -> str:
    url = make_url(str(engine.url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Cần cài {command[0]} (gói postgresql-client) để sao lưu PostgreSQL.")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[:500]}")
