"""The questions a round draws from: its blueprint (or fixed list) over the active bank."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from contest.core.extensions import db
from contest.rounds.models import Round
from questions.draw import DrawCell, cell_key
from questions.models import Question

FIXED_CELL = "fixed"


def round_pool(round: Round) -> list[DrawCell]:
    """The draw cells of a round: its blueprint (or fixed list) over the ACTIVE questions now.

    Pools are question ids in ascending order; a fixed list is one cell "fixed" in list order.
    """
    if round.fixed_questions:
        ids = [item.question_id for item in round.fixed_questions]
        active = set(
            db.session.scalars(select(Question.id).where(Question.id.in_(ids), Question.active))
        )
        return [DrawCell(FIXED_CELL, tuple(q for q in ids if q in active), len(ids))]
    topic_ids = {item.topic_id for item in round.blueprint}
    if not topic_ids:
        return []
    rows = db.session.execute(
        select(Question.id, Question.topic_id, Question.difficulty)
        .where(Question.active, Question.topic_id.in_(topic_ids))
        .order_by(Question.id)
    ).all()
    cells = []
    for item in round.blueprint:
        difficulty = item.difficulty.value if item.difficulty else None
        pool = tuple(
            qid
            for qid, topic_id, level in rows
            if topic_id == item.topic_id and (difficulty is None or level == difficulty)
        )
        cells.append(DrawCell(cell_key(item.topic_id, difficulty), pool, item.count))
    return cells


def pool_shortfalls(round: Round) -> list[dict[str, Any]]:
    """Cells whose active pool is now smaller than their count (questions retired since)."""
    return [
        {"key": cell.key, "requested": cell.count, "available": len(cell.pool)}
        for cell in round_pool(round)
        if len(cell.pool) < cell.count
    ]
