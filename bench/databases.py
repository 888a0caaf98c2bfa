"""Throwaway databases for benchmarks: nothing in the database named by the user is touched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def throwaway_postgres(server_url: str, prefix: str) -> Iterator[str]:
    """Create a database next to the one in server_url, yield its URL, then drop it.

    With BENCH_DATABASE_IN_PLACE=1 the database named by server_url itself is used instead (its
    public schema emptied before and after): for a server where only that database is yours.
    """
    if os.environ.get("BENCH_DATABASE_IN_PLACE") == "1":
        yield from _in_place(server_url)
        return
    name = f"{prefix}_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def on_sqlite_and_postgres(bench: Callable[[str, str], None], prefix: str) -> int:
    """Run bench(url, label) on a SQLite file in a temporary folder, then on a throwaway
    PostgreSQL database when BENCH_DATABASE_URL names a server."""
    with tempfile.TemporaryDirectory(prefix="thiluat-bench-") as folder:
        bench(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", "SQLite")
    server_url = os.environ.get("BENCH_DATABASE_URL")
    if not server_url:
        print("PostgreSQL skipped (set BENCH_DATABASE_URL).")
        return 0
    with throwaway_postgres(server_url, prefix) as url:
        bench(url, "PostgreSQL")
    return 0


def _in_place(url: str) -> Iterator[str]:
    def reset() -> None:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()

    reset()
    try:
        yield url
    finally:
        reset()
