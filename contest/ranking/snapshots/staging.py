"""SQLite: the board is sorted once into a numbered staging table, then copied in position order.

Each window function costs SQLite a pass over the whole board, so none is used: the staging
table's integer key, assigned in insertion order, is the position, and a row equal on the
tie-break keys to its neighbour is tied. The copy runs with a large page cache, so that the
candidate index, which the copy fills in random order, stays in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
)

from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshot
from contest.ranking.order import KEY_COLUMNS, listing_order

ROW_COLUMNS = (
    "user_id",
    "attempt_id",
    "score",
    "duration_ms",
    "prediction",
    "prediction_error",
    "submitted_at",
)
_temporary = MetaData()
_snapshot = RankSnapshot.__table__.c
# An INTEGER PRIMARY KEY is SQLite's rowid: 1, 2, 3 … in insertion order.
STAGE = Table(
    "rank_stage",
    _temporary,
    Column("position", Integer, primary_key=True),
    *(Column(name, _snapshot[name].type) for name in ROW_COLUMNS),
    prefixes=["TEMPORARY"],
)
# The rows that share their keys with a neighbour, and the position their group starts at.
TIES = Table(
    "rank_tie",
    _temporary,
    Column("position", Integer, primary_key=True),
    Column("rank", Integer),
    prefixes=["TEMPORARY"],
)


def replace_board(round_id: int, board: Board, counted, keys: list[str]) -> int:
    """Rank the counted rows (a subquery) by the keys and write them as the board's snapshot."""
    connection = db.session.connection()
    for staging in (STAGE, TIES):
        staging.drop(connection, checkfirst=True)
        staging.create(connection)
    ordered = select(*(counted.c[name] for name in ROW_COLUMNS)).order_by(
        *listing_order(counted.c, keys)
    )
    count = db.session.execute(insert(STAGE).from_select(ROW_COLUMNS, ordered)).rowcount
    db.session.execute(insert(TIES).from_select(["position", "rank"], _tied_groups(keys)))
    with _page_cache():
        db.session.execute(
            delete(RankSnapshot).where(
                RankSnapshot.round_id == round_id, RankSnapshot.board == board
            )
        )
        db.session.execute(
            insert(RankSnapshot).from_select(_columns(), _snapshot_rows(round_id, board))
        )
    for staging in (TIES, STAGE):
        staging.drop(connection)
    return count


def _tied_groups(keys: list[str]):
    """Rows equal on every key to the next or the previous one; each with its group's first."""
    row, after = STAGE.alias("row"), STAGE.alias("after")
    same = [row.c[KEY_COLUMNS[key]].is_not_distinct_from(after.c[KEY_COLUMNS[key]]) for key in keys]
    pairs = (
        select(row.c.position)
        .join(after, after.c.position == row.c.position + 1)
        .where(*same)
        .subquery("pairs")
    )
    tied = union_all(select(pairs.c.position), select(pairs.c.position + 1)).subquery("tied")
    group = [STAGE.c[KEY_COLUMNS[key]] for key in keys]
    first = func.min(STAGE.c.position).over(partition_by=group)
    return select(STAGE.c.position, first).where(STAGE.c.position.in_(select(tied.c.position)))


def _snapshot_rows(round_id: int, board: Board):
    """The staged rows as snapshot lines, in position order (the position index fills in order)."""
    stage, ties = STAGE.c, TIES.c
    return (
        select(
            literal(round_id),
            literal(board.value),
            stage.user_id,
            stage.attempt_id,
            stage.position,
            func.coalesce(ties.rank, stage.position),
            ties.position.is_not(None),
            *(stage[name] for name in ROW_COLUMNS[2:]),
        )
        .outerjoin(TIES, ties.position == stage.position)
        .order_by(stage.position)
    )


def _columns() -> list[str]:
    head = ["round_id", "board", "user_id", "attempt_id", "position", "rank", "tied"]
    return head + list(ROW_COLUMNS[2:])


@contextmanager
def _page_cache() -> Iterator[None]:
    """A page cache big enough for the board's indexes, for this connection, for the copy."""
    connection = db.session.connection()
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())
    size_kib = int(current_app.config.get("RANKING_SQLITE_CACHE_MB", 64)) * 1024
    connection.exec_driver_sql(f"PRAGMA cache_size = -{size_kib}")
    try:
        yield
    finally:  # a pragma outlives the transaction, on a pooled connection: always put it back
        connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")
