"""Throwaway databases for benchmarks: nothing in the database named by the user is touched."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

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
