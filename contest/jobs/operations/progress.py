"""How far a long operation has got: written as it runs, through a connection of its own.

The operation's own transaction cannot carry its progress (nobody sees it before the commit),
so each report is a short transaction on a separate connection. On PostgreSQL every report is
seen at once. On SQLite, where the operation holds the write lock from its start (a
unit of work begins IMMEDIATE: a transaction that had read while another connection committed
could not write any more), a report is skipped rather than waited for: the page shows the
operation running, then its outcome with the last figures.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from contest.core.database import SQLITE_BUSY_TIMEOUT_MS, holds_sqlite_write_lock
from contest.core.extensions import db
from contest.jobs.models import Operation

# done, total (None while unknown), phase: a key of PHASES
Report = Callable[[int, int | None, str], None]

PHASES = {
    "queued": _l("Đang chờ tác vụ nền"),
    "running": _l("Đang chạy"),
    "reading": _l("Đang đọc tệp"),
    "writing": _l("Đang ghi câu hỏi vào ngân hàng"),
    "scoring": _l("Đang chấm lại các bài thi"),
    "finalizing": _l("Đang chấm các bài đã hết giờ"),
    "prediction": _l("Đang tính đáp án câu hỏi dự đoán"),
    "ranking": _l("Đang xếp hạng"),
    "rows": _l("Đang ghi các dòng vào tệp"),
    "done": _l("Hoàn tất"),
    "failed": _l("Không thành công"),
}


def phase_label(phase: str) -> str:
    """The phase in words (its code when unknown)."""
    label = PHASES.get(phase)
    return str(label) if label is not None else phase


class Reporter:
    """Records the operation's progress, each call committed on its own; remembers the last
    report, which the outcome keeps (on SQLite, the only one written)."""

    def __init__(self, operation_id: int):
        self.operation_id = operation_id
        self.last: tuple[int, int | None, str] | None = None

    def __call__(self, done: int, total: int | None, phase: str) -> None:
        self.last = (done, total, phase)
        statement = (
            update(Operation)
            .where(Operation.id == self.operation_id)
            .values(done=done, total=total, phase=phase)
        )
        sqlite = db.engine.dialect.name == "sqlite"
        if holds_sqlite_write_lock():
            return  # the operation's own transaction holds the write lock: skip, do not wait
        try:
            with db.engine.connect() as connection:
                if sqlite:  # never wait for the operation's own write lock
                    connection.exec_driver_sql("PRAGMA busy_timeout=0")
                try:
                    connection.execute(statement)
                    connection.commit()
                finally:
                    if sqlite:
                        connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        except OperationalError:
            if not sqlite:
                raise


def reporter(operation_id: int) -> Reporter:
    """A function that records the operation's progress as it goes."""
    return Reporter(operation_id)
