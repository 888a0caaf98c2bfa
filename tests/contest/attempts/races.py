"""Calls at the same moment, each in its own app context and session (needs PostgreSQL)."""

from __future__ import annotations

import os
import threading

import pytest

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
postgres_only = pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serializes writers"
)


def concurrently(app, calls):
    """Run the calls in threads at once; each runs in its own app context (own session)."""
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            with app.app_context():
                results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results
