"""Writing many parsed questions fast: ids allocated up front, rows sent in bulk per table.

10,000 questions are 60,000 rows (questions, first versions, options). ORM objects would take
seconds; so would psycopg's executemany, which sends one statement per row. Here each batch is
three driver-level bulk writes: executemany on SQLite, COPY on PostgreSQL. Values are converted
by the columns' own bind processors first, so they are stored exactly as the ORM stores them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from contest.core.extensions import db
from questions.importer import ParsedQuestion
from questions.models import Question, QuestionOption, QuestionVersion
from questions.services import search_text
from questions.topics import resolve_topics, topic_name

BATCH_SIZE = 2000
QUESTION_COLUMNS = (
    "id",
    "topic_id",
    "difficulty",
    "qtype",
    "version",
    "active",
    "fingerprint",
    "search_text",
    "import_id",
    "created_at",
    "updated_at",
)
VERSION_COLUMNS = (
    "id",
    "question_id",
    "number",
    "text",
    "qtype",
    "topic_id",
    "difficulty",
    "legal_basis",
    "explanation",
    "accepted_answers",
    "ignore_diacritics",
    "points",
    "created_by_id",
    "created_at",
)
OPTION_COLUMNS = ("version_id", "position", "label", "text", "is_correct", "feedback")


def write_questions(
    questions: Sequence[ParsedQuestion],
    *,
    import_id: int | None,
    user_id: int | None,
    now: datetime,
) -> None:
    """Insert questions with their first versions and options; topics are resolved once.

    Call it inside the caller's transaction, holding the bank's import lock (see services.py).
    """
    topic_ids = resolve_topics({question.topic for question in questions})
    stamp = _stored(Question.__table__.c.created_at, now)
    for start in range(0, len(questions), BATCH_SIZE):
        write_batch(questions[start : start + BATCH_SIZE], topic_ids, import_id, user_id, stamp)


def write_batch(
    batch: Sequence[ParsedQuestion],
    topic_ids: dict[str, int],
    import_id: int | None,
    user_id: int | None,
    stamp: Any,
) -> None:
    """One batch: questions, then versions, then options, each as one bulk write.

    Rows are generated while they are sent, so PostgreSQL stores the first ones while Python
    still folds the search text of the next ones.
    """
    question_ids = allocate_ids(Question, len(batch))
    version_ids = allocate_ids(QuestionVersion, len(batch))
    rows = list(zip(batch, question_ids, version_ids, strict=True))
    topics = [topic_ids[topic_name(q.topic)] for q in batch]
    questions = (
        (question_id, topic_id, q.difficulty, q.qtype, 1, True, q.fingerprint,
         search_text(q.text, q.answers or (o.text for o in q.options), q.legal_basis), import_id,
         stamp, stamp)
        for (q, question_id, _), topic_id in zip(rows, topics, strict=True)
    )  # fmt: skip
    versions = (
        (version_id, question_id, 1, q.text, q.qtype, topic_id, q.difficulty, q.legal_basis,
         q.explanation, _answers(q.answers), q.ignore_diacritics, q.points, user_id, stamp)
        for (q, question_id, version_id), topic_id in zip(rows, topics, strict=True)
    )  # fmt: skip
    options = (
        (version_id, position, option.label, option.text, option.is_correct, option.feedback)
        for q, _, version_id in rows
        for position, option in enumerate(q.options)
    )
    insert_rows(Question, QUESTION_COLUMNS, questions)
    insert_rows(QuestionVersion, VERSION_COLUMNS, versions)
    insert_rows(QuestionOption, OPTION_COLUMNS, options)


def _answers(answers: Sequence[str]) -> str | None:
    """A fill-in question's accepted answers as the JSON column stores them; NULL for others."""
    return json.dumps(list(answers), ensure_ascii=False) if answers else None


def insert_rows(model: type[db.Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Bulk-insert database-ready tuples on the session's connection (same transaction)."""
    table = model.__table__
    if _dialect().name == "postgresql":
        _copy(table.name, columns, rows)
        return
    rows = list(rows)
    if not rows:
        return
    quote = _dialect().identifier_preparer.quote
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(table.name), ", ".join(map(quote, columns)), ", ".join("?" * len(columns))
    )
    db.session.connection().exec_driver_sql(statement, rows)


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver = db.session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def allocate_ids(model: type[db.Model], count: int) -> Sequence[int]:
    """Primary keys for rows about to be inserted, taken before the insert.

    PostgreSQL hands them out from the table's sequence. SQLite has a single writer and the
    caller's transaction already holds the write lock, so the ids after the maximum are free.
    """
    table = model.__table__
    if _dialect().name == "postgresql":
        allocate = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(db.session.scalars(allocate, {"table": table.name, "n": count}))
    start = db.session.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1
    return range(start, start + count)


def _stored(column, value: Any) -> Any:
    """A value as the column's type hands it to this database's driver."""
    dialect = _dialect()
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process(value) if process else value


def _dialect():
    return db.session.get_bind().dialect
