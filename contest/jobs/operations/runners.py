"""What each long operation does in the worker, reporting its progress as it goes.

Each runner gets the claimed operation and a report(done, total, phase) function, runs in the
operation's transaction and answers what its page shows once it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.jobs.models import Operation, OperationKind
from contest.jobs.operations.progress import Report
from contest.ranking.models import Board
from contest.ranking.snapshots.build import rebuild_snapshot
from contest.rounds.rounds import get_round
from contest.statistics import regrade
from questions import imports
from questions.imports import uploads


def run_import(operation: Operation, report: Report) -> dict[str, Any]:
    """Import a previewed upload, read as it was previewed (the page's pinned choices)."""
    params = operation.params
    data = uploads.load(params["sha256"])
    if data is None:
        raise Conflict(
            _l(
                "Tệp đã tải lên không còn trên máy chủ (tệp chỉ được giữ một ngày). "
                "Vui lòng tải lên lại."
            ),
            code="upload_gone",
        )
    report(0, None, "reading")

    def progress(done: int, total: int) -> None:
        report(done, total, "reading" if done < total else "writing")

    outcome = imports.commit_import(
        data,
        params["name"],
        accept_partial=bool(params.get("accept_partial")),
        user_id=operation.requested_by_id,
        choices=imports.read_choices(
            params.get("mapping"), params.get("header_row"), params.get("codes")
        ),
        progress=progress,
    )
    uploads.remove(params["sha256"])
    return {
        "import_id": outcome.record.id,
        "imported": outcome.imported,
        "duplicates": outcome.report.duplicates,
        "errors": len(outcome.report.errors),
        "name": params["name"],
    }


def run_regrade(operation: Operation, report: Report) -> dict[str, Any]:
    """Apply a regrade of one question to the round's final attempts."""
    round = get_round(operation.round_id)
    outcome = regrade.regrade(
        round,
        operation.params["question_id"],
        apply=True,
        actor=operation.requested_by,
        progress=lambda done, total: report(done, total, "scoring"),
    )
    return {
        "question_id": outcome.question_id,
        "key_version": outcome.key_version,
        "examined": outcome.examined,
        "changed": len(outcome.changes),
    }


def run_ranking(operation: Operation, report: Report) -> dict[str, Any]:
    """Rebuild a round's board."""
    round = get_round(operation.round_id)
    board = Board(operation.params.get("board", Board.LIVE.value))
    state = rebuild_snapshot(round, board, progress=report)
    db.session.flush()
    return {"rows": state.row_count}


RUNNERS: dict[OperationKind, Callable[[Operation, Report], dict[str, Any]]] = {
    OperationKind.IMPORT: run_import,
    OperationKind.REGRADE: run_regrade,
    OperationKind.RANKING: run_ranking,
}
