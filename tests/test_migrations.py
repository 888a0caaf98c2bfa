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


def test_sqlite_table_rebuilds_keep_the_rows_that_reference_them(tmp_path):
    """Rebuilding question (batch mode) must not cascade-delete versions and options."""
    import pytest
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from contest import create_app
    from tests.conftest import is_postgres

    if is_postgres():
        pytest.skip("SQLite rebuilds tables to change a constraint; PostgreSQL alters them")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}")
    rows = [
        "INSERT INTO topic (id, name, created_at) VALUES (1, 'Hiến pháp', '2026-01-01')",
        "INSERT INTO question (id, topic_id, difficulty, qtype, version, active, fingerprint, "
        "search_text, created_at, updated_at) VALUES (1, 1, 'easy', 'single', 1, 1, 'f', '', "
        "'2026-01-01', '2026-01-01')",
        "INSERT INTO question_version (id, question_id, number, text, qtype, topic_id, "
        "difficulty, created_at) VALUES (1, 1, 1, 'Câu?', 'single', 1, 'easy', '2026-01-01')",
        "INSERT INTO question_option (version_id, position, label, text, is_correct) "
        "VALUES (1, 0, 'A', 'Có', 1)",
    ]
    with app.app_context():
        upgrade(revision="c13_personal_data")
        with db.engine.begin() as connection:
            for statement in rows:
                connection.execute(text(statement))
        upgrade()
        with db.engine.connect() as connection:
            counts = [
                connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                for table in ("question", "question_version", "question_option")
            ]
            connection.execute(
                text("UPDATE question SET qtype = 'fill_in' WHERE id = 1")
            )  # the widened CHECK admits the new type
            keys_on = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        downgrade(revision="c13_personal_data")
        db.engine.dispose()
    assert counts == [1, 1, 1]
    assert keys_on == 1
