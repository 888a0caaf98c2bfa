"""Round exports: the table behind each kind of list the judges export of a round.

A table's rows are streamed from the database as they are written: into the HTTP response for
a small export, into a file by the worker (contest.jobs.worker) for a large one.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.attempts.closing import finalize_round
from contest.attempts.models import Attempt
from contest.core import export_writer
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.jobs import tables
from contest.prizes.prize_list import prize_names
from contest.ranking.candidates import with_identity
from contest.ranking.models import Board
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.standings import iter_standings
from contest.rounds.models import Round
from contest.statistics.item_analysis import item_analysis
from contest.statistics.unit_ranking import unit_ranking

KINDS = ("leaderboard", "attempts", "items", "units", "localities")
LIST_NAMES = {
    "leaderboard": "Bảng xếp hạng",
    "attempts": "Danh sách bài thi",
    "items": "Phân tích câu hỏi",
    "units": "Xếp hạng tập thể (cơ quan, đơn vị)",
    "localities": "Xếp hạng tập thể (địa phương)",
}


def check_export(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise InvalidInput.for_fields({"kind": str(_l("Loại dữ liệu xuất không hợp lệ."))})
    if fmt not in export_writer.FORMATS:
        raise InvalidInput.for_fields({"format": str(_l("Định dạng phải là xlsx hoặc csv."))})


def round_export(
    round: Round,
    kind: str,
    exported_by: str,
    now: datetime | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> export_writer.Table:
    """The table of one export kind of a round, rows streamed from the database."""
    check_export(kind, "csv")
    now = now or utcnow()
    finalize_round(round, now)  # every attempt whose time is up is in the list, scored
    title = export_writer.title_block(
        round.contest.title, round.name, LIST_NAMES[kind], now, exported_by, extra or []
    )
    if kind == "leaderboard":
        current_snapshot(round, Board.LIVE, now)
        rows = tables.leaderboard_rows(iter_standings(round, Board.LIVE), prize_names(round))
        return export_writer.Table(
            title,
            tables.LEADERBOARD_HEADERS,
            rows,
            "Xếp hạng",
            [7, 9, 26, 14, 12, 24, 24, 8, 12, 12, 9, 9, 24, 18],
        )
    if kind == "attempts":
        return export_writer.Table(
            title,
            tables.ATTEMPT_HEADERS,
            tables.attempt_rows(iter_attempts(round)),
            "Bài thi",
            [10, 7, 26, 14, 24, 24, 10, 24, 24, 8, 8, 8, 12, 10, 9, 16],
        )
    if kind == "items":
        items = item_analysis(round)
        count = _option_columns(items)
        return export_writer.Table(
            title,
            tables.item_headers(count),
            tables.item_rows(items, count),
            "Câu hỏi",
            [10, 18, 9, 60, 9, 9, 12, 12, 9] + [8] * (count + 1) + [40],
        )
    kind_name = "unit" if kind == "units" else "locality"
    lines = unit_ranking(round.contest, round, kind_name)
    return export_writer.Table(
        title,
        tables.UNIT_HEADERS,
        tables.unit_rows(lines),
        "Tập thể",
        [7, 36, 16, 12, 12, 12, 12, 12, 12],
    )


def _option_columns(items) -> int:
    """Enough "Chọn A…" columns for the widest question shown (at least A–D)."""
    keys = [i.key.split(",") for i in items if i.qtype != "fill_in"]  # fill-in keys are texts
    letters = [label for i in items for label in i.option_counts] + [x for k in keys for x in k]
    return max(
        [
            4,
            *(
                ord(label) - ord("A") + 1
                for label in letters
                if len(label) == 1 and "A" <= label <= "Z"
            ),
        ]
    )


def iter_attempts(round: Round, chunk: int = 5000):
    """Every attempt of the round (any status) with who sat it, streamed."""
    attempts = select(
        Attempt.id,
        Attempt.number,
        Attempt.status,
        Attempt.started_at,
        Attempt.submitted_at,
        Attempt.score,
        Attempt.max_score,
        Attempt.correct_count,
        Attempt.duration_ms,
        Attempt.prediction,
        Attempt.ip,
    )
    query = (
        with_identity(attempts, Attempt.user_id)
        .where(Attempt.round_id == round.id)
        .order_by(Attempt.id)
    )
    yield from db.session.execute(query.execution_options(yield_per=chunk, stream_results=True))
