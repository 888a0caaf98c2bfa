"""PostgreSQL: each board of a round is its own partition, loaded bare, indexed, then swapped in.

A million rows inserted into an indexed table cost one index entry each, in random order for
the candidate key; into a bare table they cost one pass, and the two indexes are then built by
sorting. The new partition takes the old one's place inside the rebuild's transaction, so
readers see either the old board or the new one. The swap needs an exclusive lock on the
round's partition for a moment: when a long reader (an export) holds it, the rows are copied
into the old partition instead, which is slower but blocks nobody.

rank_snapshot is partitioned by round (migration c7_rank_partitions); a round's partition
rN is partitioned by board into rN_live_a or rN_live_b (and rN_frozen_…), the two names
taking turns. They live in their own schema, so the models only ever meet the parent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import column, delete, func, insert, literal, select, table, text
from sqlalchemy.exc import OperationalError

from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshot
from contest.ranking.order import ranked_lines

SCHEMA = "rank_snapshot_parts"
PARENT = RankSnapshot.__table__
COLUMNS = [c.name for c in PARENT.columns]
LOCK_NOT_AVAILABLE = "55P03"


def replace_board(round_id: int, board: Board, counted, keys: list[str]) -> int:
    """Rank the counted rows (a subquery) by the keys and write them as the board's snapshot."""
    old = _current_leaf(round_id, board)
    new = f"r{round_id}_{board.value}_{'b' if old and old.endswith('_a') else 'a'}"
    _execute(
        f"CREATE TABLE {_name(new)} (LIKE {PARENT.name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
        f" CONSTRAINT {new}_bounds CHECK (round_id = {round_id} AND board = '{board.value}'))"
    )
    lines = ranked_lines(counted, keys).subquery("lines")
    rows = select(literal(round_id), literal(board.value), *(lines.c[c] for c in COLUMNS[2:]))
    with _sort_memory():
        count = db.session.execute(insert(_leaf(new)).from_select(COLUMNS, rows)).rowcount
        _build_indexes(new)
    if count is None or count < 0:  # a driver that does not report it
        count = db.session.scalar(select(func.count()).select_from(_leaf(new)))
    _ensure_round_partition(round_id)
    _swap(f"r{round_id}", board, old, new)
    return count


def _current_leaf(round_id: int, board: Board) -> str | None:
    names = [f"r{round_id}_{board.value}_{turn}" for turn in "ab"]
    found = db.session.execute(
        text("SELECT to_regclass(:a) IS NOT NULL, to_regclass(:b) IS NOT NULL"),
        {"a": f"{SCHEMA}.{names[0]}", "b": f"{SCHEMA}.{names[1]}"},
    ).one()
    return next((name for name, present in zip(names, found, strict=True) if present), None)


def _build_indexes(leaf: str) -> None:
    """The parent's keys on the loaded leaf; ATTACH adopts them instead of building its own."""
    key = ", ".join(c.name for c in PARENT.primary_key.columns)
    _execute(f"ALTER TABLE {_name(leaf)} ADD CONSTRAINT {leaf}_pkey PRIMARY KEY ({key})")
    for index in PARENT.indexes:
        columns = ", ".join(c.name for c in index.columns)
        _execute(f"CREATE INDEX {leaf}_{index.name} ON {_name(leaf)} ({columns})")


def _ensure_round_partition(round_id: int) -> None:
    """The round's own partition (split by board), attached to rank_snapshot on first use."""
    name = f"r{round_id}"
    if db.session.scalar(text("SELECT to_regclass(:name)"), {"name": f"{SCHEMA}.{name}"}):
        return
    _execute(
        f"CREATE TABLE {_name(name)} (LIKE {PARENT.name} INCLUDING DEFAULTS INCLUDING"
        " CONSTRAINTS) PARTITION BY LIST (board)"
    )
    # ATTACH, unlike CREATE TABLE … PARTITION OF, leaves readers of other rounds alone.
    _execute(f"ALTER TABLE {PARENT.name} ATTACH PARTITION {_name(name)} FOR VALUES IN ({round_id})")


def _swap(round_name: str, board: Board, old: str | None, new: str) -> None:
    """Put the new leaf in the old one's place; if a reader holds the round, copy instead."""
    attach = f"ALTER TABLE {_name(round_name)} ATTACH PARTITION {_name(new)}"
    attach += f" FOR VALUES IN ('{board.value}')"
    if old is None:
        _execute(attach)
        return
    try:
        with _lock_timeout(), db.session.begin_nested():
            _execute(f"ALTER TABLE {_name(round_name)} DETACH PARTITION {_name(old)}")
            _execute(attach)
            _execute(f"DROP TABLE {_name(old)}")
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        _copy_rows(old, new)


def _copy_rows(old: str, new: str) -> None:
    """The slow path: rewrite the attached leaf's rows from the new one, then drop the new one."""
    old_leaf = _leaf(old)
    db.session.execute(delete(old_leaf))
    source = select(*_leaf(new).c).order_by(column("position"))
    db.session.execute(insert(old_leaf).from_select(COLUMNS, source))
    _execute(f"DROP TABLE {_name(new)}")


@contextmanager
def _lock_timeout() -> Iterator[None]:
    """Wait at most RANKING_SWAP_LOCK_TIMEOUT for the round's readers; readers queue meanwhile."""
    value = current_app.config.get("RANKING_SWAP_LOCK_TIMEOUT", "1s")
    previous = _set_local({"lock_timeout": value})
    try:
        yield
    finally:  # the savepoint inside has been rolled back: the transaction can still run this
        _set_local(previous)


@contextmanager
def _sort_memory() -> Iterator[None]:
    """Memory to sort a million rows and build their indexes without spilling to disk."""
    previous = _set_local(
        {
            "work_mem": current_app.config.get("RANKING_WORK_MEM", "128MB"),
            "maintenance_work_mem": current_app.config.get("RANKING_INDEX_MEM", "256MB"),
        }
    )
    yield
    _set_local(previous)  # not after an error: the transaction is rolled back anyway


def _set_local(settings: dict[str, str]) -> dict[str, str]:
    """Set these for the rest of the transaction; what they were before."""
    previous = {}
    for name, value in settings.items():
        previous[name] = db.session.scalar(text("SELECT current_setting(:name)"), {"name": name})
        db.session.execute(
            text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value}
        )
    return previous


def _leaf(name: str):
    return table(name, *(column(c) for c in COLUMNS), schema=SCHEMA)


def _name(name: str) -> str:
    return f"{SCHEMA}.{name}"


def _execute(statement: str) -> None:
    # Names and bounds come from integers and Board values, never from user input.
    db.session.execute(text(statement))
