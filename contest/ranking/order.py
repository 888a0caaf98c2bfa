"""Which attempt counts for each candidate, and the order that ranks them: the ranking query.

For each candidate the round takes their counted attempt among the final ones
(Round.counted_attempt: the best by the tie-break order itself, the first or the last) and
orders the candidates by Round.tie_break (score ↓, duration ↑, prediction error ↑, submit time
↑ by default). Candidates equal on every key share a rank (SQL RANK(): 1, 2, 2, 4) and are
flagged `tied` for the judges.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, Select, and_, cast, func, null, or_, select

from contest.attempts.models import Attempt, AttemptStatus, RoundPrediction
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.rounds.models import DEFAULT_TIE_BREAK, CountedAttempt, Round

FINAL_STATUSES = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
TIE_KEYS = tuple(DEFAULT_TIE_BREAK)
# Tie-break key → the column of a counted row that holds it.
KEY_COLUMNS = {
    "score": "score",
    "duration": "duration_ms",
    "prediction_error": "prediction_error",
    "submitted_at": "submitted_at",
}


def tie_break(round: Round) -> list[str]:
    """The round's tie-break keys, checked (an unknown key is a configuration error)."""
    keys = list(round.tie_break or DEFAULT_TIE_BREAK)
    unknown = [key for key in keys if key not in TIE_KEYS]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise InvalidInput.for_fields({"tie_break": f"{keys}"})
    return keys


def display_keys(keys: list[str]) -> list[str]:
    """The order of the listing: the round's keys, then the remaining ones, so it never varies."""
    return keys + [key for key in TIE_KEYS if key not in keys]


def order_terms(columns, keys: list[str]) -> list:
    """ORDER BY terms for tie-break keys over a subquery's columns; missing values sort last.

    NULLS LAST is spelled out only where the dialect's default differs (PostgreSQL puts NULL
    first in a descending sort, SQLite first in an ascending one): each explicit one costs
    SQLite an extra sort term over a million rows. The submit time is never NULL.
    """
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    score = columns.score.desc()
    terms = {
        "score": score if sqlite else score.nulls_last(),
        "duration": columns.duration_ms.asc().nulls_last() if sqlite else columns.duration_ms.asc(),
        "prediction_error": columns.prediction_error.asc().nulls_last()
        if sqlite
        else columns.prediction_error.asc(),
        "submitted_at": columns.submitted_at.asc(),
    }
    return [terms[key] for key in keys]


def _final_attempts(round: Round, as_of: datetime | None = None):
    """Final attempts of the round with their tie-break figures (finished by `as_of`, if given)."""
    finished_at = func.coalesce(Attempt.submitted_at, Attempt.deadline)
    prediction = func.coalesce(RoundPrediction.value, Attempt.prediction)
    if round.prediction_actual is None:
        error = cast(null(), Integer)
    else:
        error = func.abs(prediction - round.prediction_actual)
    query = (
        select(
            Attempt.id.label("attempt_id"),
            Attempt.user_id,
            Attempt.number,
            Attempt.score,
            Attempt.duration_ms,
            prediction.label("prediction"),
            error.label("prediction_error"),
            finished_at.label("submitted_at"),
        )
        .outerjoin(
            RoundPrediction,
            and_(
                RoundPrediction.round_id == Attempt.round_id,
                RoundPrediction.user_id == Attempt.user_id,
            ),
        )
        .where(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
    )
    if as_of is not None:
        query = query.where(finished_at <= as_of)
    return query.subquery("final")


def counted_rows(round: Round, as_of: datetime | None = None) -> Select:
    """One row per candidate: their counted attempt under the round's rule."""
    final = _final_attempts(round, as_of)
    keys = tie_break(round)
    if round.max_attempts == 1:
        # One attempt each: number 1 is unique per candidate, nothing to choose (saves a sort).
        return select(final).where(final.c.number == 1)
    if round.counted_attempt == CountedAttempt.FIRST:
        pick_order = [final.c.number.asc()]
    elif round.counted_attempt == CountedAttempt.LAST:
        pick_order = [final.c.number.desc()]
    else:
        pick_order = [*order_terms(final.c, keys), final.c.number.asc()]
    pick = func.row_number().over(partition_by=final.c.user_id, order_by=pick_order)
    picked = select(final, pick.label("pick")).subquery("picked")
    return select(*(picked.c[name] for name in final.c.keys())).where(picked.c.pick == 1)  # noqa: SIM118


def listing_order(columns, keys: list[str]) -> list:
    """The position's ORDER BY: the display keys, then the candidate, so every row has its place."""
    return [*order_terms(columns, display_keys(keys)), columns.user_id]


def ranked_rows(counted, keys: list[str]) -> Select:
    """Rank a subquery's rows (user_id, score, …): RANK() over the keys, a position, ties."""
    rank_order = order_terms(counted.c, keys)
    # Every window orders by a prefix of the position's order, so one sort serves them all;
    # the peer count (RANGE CURRENT ROW) is how many rows share this row's keys.
    rank = func.rank().over(order_by=rank_order).label("rank")
    position = func.row_number().over(order_by=listing_order(counted.c, keys)).label("position")
    count = func.count().over(order_by=rank_order, range_=(0, 0))
    return select(counted, rank, position, (count > 1).label("tied"))


def round_ranking(round: Round, as_of: datetime | None = None) -> Select:
    """The full ranking of a round, computed now from the attempts (what the snapshot holds)."""
    return ranked_rows(counted_rows(round, as_of).subquery("counted"), tie_break(round))


def ranked_lines(counted, keys: list[str]) -> Select:
    """ranked_rows as the snapshot stores it, with one sort and two window passes on PostgreSQL.

    A row is tied when it ranks below its position (an earlier row shares its keys) or when
    the next row has the same keys: the look-ahead shares the position's window, where a peer
    count would take a window pass of its own.
    """
    listing = listing_order(counted.c, keys)
    columns = [counted.c[KEY_COLUMNS[key]] for key in keys]

    def following(value):
        return func.lead(value).over(order_by=listing)

    same_as_next = and_(
        following(counted.c.user_id).is_not(None),
        *(following(value).is_not_distinct_from(value) for value in columns),
    )
    ranked = select(
        counted,
        func.rank().over(order_by=order_terms(counted.c, keys)).label("rank"),
        func.row_number().over(order_by=listing).label("position"),
        same_as_next.label("same_as_next"),
    ).subquery("ranked")
    tied = or_(ranked.c.rank < ranked.c.position, ranked.c.same_as_next)
    return select(ranked, tied.label("tied"))
