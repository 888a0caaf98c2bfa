"""A contest's ranking across its rounds: the sum of the counted rows, or each one's best round."""

from __future__ import annotations

from sqlalchemy import Integer, Select, cast, func, literal, null, select

from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.ranking.candidates import with_identity
from contest.ranking.order import TIE_KEYS, counted_rows, order_terms, ranked_rows
from contest.ranking.prediction import ensure_prediction_actual
from contest.ranking.snapshots.state import freeze_moment, is_frozen
from contest.rounds.models import Participation, RankingMode


def contest_ranking(contest, group_id: int | None = None, *, frozen: bool = False) -> Select:
    """Across rounds (sum of the counted rows, or the best round), overall or for one group.

    frozen: rounds inside their freeze window count only what was finished by the freeze.
    """
    rows = _round_rows(contest, frozen)
    if group_id is not None:
        members = select(Participation.user_id).where(
            Participation.contest_id == contest.id, Participation.group_id == group_id
        )
        rows = select(rows).where(rows.c.user_id.in_(members)).subquery("members")
    if contest.ranking_mode == RankingMode.BEST:
        combined = _best_round(rows)
    else:
        combined = _sum_of_rounds(rows)
    return ranked_rows(combined.subquery("combined"), list(TIE_KEYS))


def _round_rows(contest, frozen: bool):
    """Every round's counted rows, tagged with their round."""
    rounds = list(contest.rounds)
    now = utcnow()
    for round in rounds:
        ensure_prediction_actual(round)
    cutoffs = {r.id: freeze_moment(r) if frozen and is_frozen(r, now) else None for r in rounds}
    parts = [
        counted_rows(round, cutoffs[round.id]).add_columns(literal(round.id).label("round_id"))
        for round in rounds
    ]
    if len(parts) > 1:
        return parts[0].union_all(*parts[1:]).subquery("rows")
    return parts[0].subquery("rows")


def _best_round(rows) -> Select:
    """Each candidate's best round by the default tie-break order (the earlier round on a tie)."""
    best = func.row_number().over(
        partition_by=rows.c.user_id,
        order_by=[*order_terms(rows.c, list(TIE_KEYS)), rows.c.round_id],
    )
    picked = select(rows, best.label("pick")).subquery("picked")
    return select(
        picked.c.user_id,
        picked.c.score,
        picked.c.duration_ms,
        picked.c.prediction_error,
        picked.c.submitted_at,
        literal(1).label("rounds"),
        picked.c.round_id.label("best_round_id"),
    ).where(picked.c.pick == 1)


def _sum_of_rounds(rows) -> Select:
    """Each candidate's totals over the rounds they took part in."""
    return select(
        rows.c.user_id,
        func.sum(rows.c.score).label("score"),
        func.sum(rows.c.duration_ms).label("duration_ms"),
        func.sum(rows.c.prediction_error).label("prediction_error"),
        func.max(rows.c.submitted_at).label("submitted_at"),
        func.count().label("rounds"),
        cast(null(), Integer).label("best_round_id"),
    ).group_by(rows.c.user_id)


def contest_standings(
    contest,
    group_id: int | None = None,
    *,
    offset: int = 0,
    limit: int | None = 50,
    frozen: bool = False,
):
    """A page of the contest ranking with who each candidate is; and the total count."""
    if not contest.rounds:
        return [], 0
    ranking = contest_ranking(contest, group_id, frozen=frozen).subquery("contest_ranking")
    query = (
        with_identity(select(ranking), ranking.c.user_id)
        .order_by(ranking.c.position)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    total = db.session.scalar(select(func.count()).select_from(ranking))
    return [row._mapping for row in db.session.execute(query)], int(total or 0)
