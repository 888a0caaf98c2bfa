"""flask backup / flask restore: a backup restored into an empty database holds the same data."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from contest.accounts.models import User
from contest.core.audit import AuditEntry, record
from contest.core.database import backup
from contest.core.extensions import db
from tests.conftest import is_postgres


def _rows(engine, model) -> list[tuple]:
    columns = [c for c in model.__table__.columns]
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(*columns).order_by(columns[0]))]


@pytest.fixture
def empty_engine(tmp_path):
    """A second, empty database of the same engine as the suite's."""
    if not is_postgres():
        engine = create_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        yield engine
        engine.dispose()
        return
    url = make_url(str(db.engine.url))
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(url.set(database=name))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_backup_restored_into_an_empty_database_holds_the_same_rows(
    app, runner, make_user, tmp_path, empty_engine
):
    staff = make_user("organizer")
    for n in range(3):
        make_user(full_name=f"Nguyễn Thị Ánh {n}")
    record("users.create", "user", staff.id, after={"email": staff.email}, actor=staff)
    db.session.commit()
    path = tmp_path / "copy.backup"

    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    counts = backup.restore(empty_engine, path)

    assert counts == backup.table_counts(db.engine)
    assert {c.name: c.rows for c in counts}["user_account"] == 4
    assert _rows(empty_engine, User) == _rows(db.engine, User)
    assert _rows(empty_engine, AuditEntry) == _rows(db.engine, AuditEntry)


def test_restore_refuses_to_overwrite_a_database_with_data(app, runner, make_user, tmp_path):
    make_user()
    path = tmp_path / "copy.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0

    result = runner.invoke(args=["restore", str(path)])

    assert result.exit_code != 0
    assert "--replace" in result.output


def test_backup_never_writes_over_an_existing_file(app, runner, tmp_path):
    path = tmp_path / "copy.backup"
    path.write_bytes(b"an older backup")

    result = runner.invoke(args=["backup", str(path)])

    assert result.exit_code != 0
    assert path.read_bytes() == b"an older backup"


def test_restore_of_a_missing_file_says_so(app, runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "nothing.backup"), "--replace"])
    assert result.exit_code != 0
    assert "Không tìm thấy" in result.output
