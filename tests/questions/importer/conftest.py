"""Fixtures for the importer specs; the workbook builders live in builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def bank_file(tmp_path: Path):
    """Write bytes under tmp_path and return the path, for tests that parse from disk."""

    def write(data: bytes, name: str = "ngan-hang.xlsx") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
