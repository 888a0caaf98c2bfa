"""Migrations build the schema on an empty database, and match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from contest.core.extensions import db


def test_migrations_create_every_table(app):
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_have_no_pending_difference(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_audit_log_refuses_updates_and_deletes(app):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    from contest.core import audit

    audit.record("test.action", "thing", 1, after={"a": 1})
    db.session.commit()
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
