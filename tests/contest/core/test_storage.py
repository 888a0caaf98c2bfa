"""The shared file storage: the same promises from the database and from a directory."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from contest.core.extensions import db
from contest.core.storage import (
    DatabaseStorage,
    DirectoryStorage,
    FileTooLarge,
    StoredFile,
    backend_for,
)

LIMIT = 1024


@pytest.fixture(params=["database", "directory"])
def files(request, app, tmp_path):
    if request.param == "database":
        return DatabaseStorage(LIMIT)
    return DirectoryStorage(tmp_path / "shared", LIMIT)


def test_a_stored_file_is_read_back_as_bytes_and_as_a_stream(files):
    files.put("banners/1-ab.png", b"image")

    assert files.get("banners/1-ab.png") == b"image"
    with files.open("banners/1-ab.png") as stream:
        assert stream.read() == b"image"
    assert files.exists("banners/1-ab.png")


def test_storing_under_the_same_key_replaces_the_file(files):
    files.put("exports/a.csv", b"old")
    files.put("exports/a.csv", b"new")

    assert files.get("exports/a.csv") == b"new"


def test_an_unknown_or_deleted_file_is_none(files):
    files.put("exports/a.csv", b"rows")
    files.delete("exports/a.csv")

    assert files.get("exports/a.csv") is None
    assert files.open("exports/a.csv") is None
    assert not files.exists("exports/a.csv")
    files.delete("exports/never.csv")  # deleting what is not there is not an error


def test_a_file_over_the_size_cap_is_refused(files):
    with pytest.raises(FileTooLarge):
        files.put("imports/big", b"x" * (LIMIT + 1))

    assert files.get("imports/big") is None


def test_a_stream_over_the_size_cap_is_refused_without_a_partial_file(files, tmp_path):
    with open(tmp_path / "big", "wb+") as stream:
        stream.write(b"x" * (LIMIT + 1))
        stream.seek(0)
        with pytest.raises(FileTooLarge):
            files.put("imports/big", stream)

    assert files.get("imports/big") is None
    if isinstance(files, DirectoryStorage):
        assert list((tmp_path / "shared").rglob("*.part")) == []


@pytest.mark.parametrize("key", ["../secret", "/etc/passwd", "a/../../b", "", "a//b", "a b"])
def test_keys_that_could_leave_the_storage_are_refused(files, key):
    with pytest.raises(ValueError, match="bad storage key"):
        files.put(key, b"x")


def test_sweep_removes_only_old_files_under_the_prefix(files, now, tmp_path):
    files.put("imports/old", b"1")
    files.put("banners/old", b"2")
    if isinstance(files, DirectoryStorage):
        old = (now() - timedelta(days=2)).timestamp()
        for path in (tmp_path / "shared").rglob("old"):
            os.utime(path, (old, old))
    else:
        for row in db.session.query(StoredFile):
            row.created_at = now() - timedelta(days=2)
    files.put("imports/new", b"3")

    assert files.sweep("imports", now() - timedelta(days=1)) == 1
    assert files.get("imports/old") is None
    assert files.get("imports/new") == b"3"
    assert files.get("banners/old") == b"2"


def test_a_database_file_belongs_to_the_transaction(app):
    files = DatabaseStorage(LIMIT)
    files.put("banners/kept.png", b"kept")
    db.session.commit()
    files.put("banners/lost.png", b"lost")
    files.delete("banners/kept.png")
    db.session.rollback()

    assert files.get("banners/lost.png") is None
    assert files.get("banners/kept.png") == b"kept"


def test_a_discarded_database_file_stays_gone_when_the_transaction_rolls_back(app):
    files = DatabaseStorage(LIMIT)
    files.put("imports/unreadable", b"junk")
    db.session.commit()
    files.discard("imports/unreadable")
    db.session.rollback()

    assert files.get("imports/unreadable") is None


def test_the_backend_is_chosen_by_the_configuration(tmp_path):
    assert isinstance(backend_for({"FILE_STORAGE": "database"}), DatabaseStorage)
    shared = backend_for(
        {"FILE_STORAGE": "directory", "FILE_STORAGE_DIR": str(tmp_path), "FILE_STORAGE_MAX_MB": 2}
    )
    assert isinstance(shared, DirectoryStorage)
    assert (shared.root, shared.max_bytes) == (Path(tmp_path), 2 * 1024 * 1024)
    default = backend_for({"FILE_STORAGE": "directory", "INSTANCE_DIR": tmp_path})
    assert default.root == tmp_path / "files"
    with pytest.raises(RuntimeError, match="FILE_STORAGE must be one of"):
        backend_for({"FILE_STORAGE": "s3"})
