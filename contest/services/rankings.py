"""Round and contest rankings: one ranking query (window functions), its snapshot, visibility.

The ranking of a round, for each candidate, takes their counted attempt among the final ones
(Round.counted_attempt: the best by the tie-break order itself, the first or the last) and
orders the candidates by Round.tie_break (score ↓, duration ↑, prediction error ↑, submit time
↑ by default). Candidates equal on every key share a rank (SQL RANK(): 1, 2, 2, 4) and are
flagged `tied` for the judges.

Reads come from `rank_snapshot`, rebuilt by one INSERT … SELECT. Staleness: while a round is
open the snapshot is at most RANKING_SNAPSHOT_MAX_AGE_SECONDS old when it holds up to
RANKING_INLINE_REBUILD_ROWS rows (rebuilt on read); a bigger one is refreshed by the
`jobs run` worker every RANKING_REFRESH_SECONDS. After the close the first read rebuilds it
and, once no attempt is in progress, it is final. Regrades and prediction recomputes mark it
stale, so the next read rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Integer,
    Select,
    and_,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import aliased, joinedload

from contest.clock import utcnow
from contest.errors import ContestError, Forbidden, InvalidInput, NotFound
from contest.extensions import db
from contest.models import (
    DEFAULT_TIE_BREAK,
    Attempt,
    AttemptStatus,
    Board,
    Contest,
    ContestStatus,
    CountedAttempt,
    Organization,
    PredictionTarget,
    RankSnapshot,
    RankSnapshotState,
    Round,
    RoundPrediction,
    User,
    Visibility,
)
from contest.models.accounts import STAFF_ROLES
from contest.services import audit

FINAL_STATUSES = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
TIE_KEYS = tuple(DEFAULT_TIE_BREAK)
SNAPSHOT_COLUMNS = (
    "round_id",
    "board",
    "user_id",
    "attempt_id",
    "position",
    "rank",
    "tied",
    "score",
    "duration_ms",
    "prediction",
    "prediction_error",
    "submitted_at",
)


def tie_break(round: Round) -> list[str]:
    """The round's tie-break keys, checked (an unknown key is a configuration error)."""
    keys = list(round.tie_break or DEFAULT_TIE_BREAK)
    unknown = [key for key in keys if key not in TIE_KEYS]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise InvalidInput.for_fields({"tie_break": f"{keys}"})
    return keys


def _order_by(columns, keys: list[str]) -> list:
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
        pick_order = [*_order_by(final.c, keys), final.c.number.asc()]
    pick = func.row_number().over(partition_by=final.c.user_id, order_by=pick_order)
    picked = select(final, pick.label("pick")).subquery("picked")
    return select(*(picked.c[name] for name in final.c.keys())).where(picked.c.pick == 1)  # noqa: SIM118


def ranked_rows(counted, keys: list[str], *, peers: bool = True) -> Select:
    """Rank a subquery's rows (user_id, score, …): RANK() over the keys, a position, ties."""
    display = keys + [key for key in TIE_KEYS if key not in keys]
    rank_order = _order_by(counted.c, keys)
    # Every window orders by a prefix of the position's order, so one sort serves them all;
    # the peer count (RANGE CURRENT ROW) is how many rows share this row's keys.
    rank = func.rank().over(order_by=rank_order).label("rank")
    position = (
        func.row_number()
        .over(order_by=[*_order_by(counted.c, display), counted.c.user_id])
        .label("position")
    )
    if not peers:
        # Without the peer count: a row ranked above its position shares its rank with the row
        # before it. The first row of each tied group is marked afterwards (_mark_group_heads).
        ranked = select(counted, rank, position).subquery("ranked")
        return select(ranked, (ranked.c.rank < ranked.c.position).label("tied"))
    count = func.count().over(order_by=rank_order, range_=(0, 0))
    return select(counted, rank, position, (count > 1).label("tied"))


def round_ranking(round: Round, as_of: datetime | None = None) -> Select:
    """The full ranking of a round, computed now from the attempts (the snapshot's source)."""
    return ranked_rows(counted_rows(round, as_of).subquery("counted"), tie_break(round))


# --- prediction target ------------------------------------------------------------------


def compute_prediction_actual(round: Round) -> int:
    """The true value of the round's prediction target, counted from the final attempts."""
    final = and_(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
    perfect = perfect_attempt(round)
    target = round.prediction_target
    if target == PredictionTarget.ATTEMPTS:
        query = select(func.count()).where(final)
    elif target == PredictionTarget.CANDIDATES:
        query = select(func.count(func.distinct(Attempt.user_id))).where(final)
    elif target == PredictionTarget.PERFECT_CANDIDATES:
        query = select(func.count(func.distinct(Attempt.user_id))).where(final, perfect)
    else:
        query = select(func.count()).where(final, perfect)
    return int(db.session.scalar(query) or 0)


def perfect_attempt(round: Round):
    """Every answer right: correct_count equals the question count, or score equals max_score."""
    conditions = [and_(Attempt.max_score > 0, Attempt.score >= Attempt.max_score)]
    if round.question_count:
        conditions.append(Attempt.correct_count == round.question_count)
    return or_(*conditions)


def ensure_prediction_actual(round: Round, now: datetime | None = None) -> int | None:
    """Compute and store the prediction target once the round has closed (lazily, once)."""
    now = now or utcnow()
    if round.prediction_target is None or round.prediction_actual is not None:
        return round.prediction_actual
    if now < round.closes_at:
        return None
    round.prediction_actual = compute_prediction_actual(round)
    mark_stale(round)
    db.session.flush()
    return round.prediction_actual


def recompute_prediction_actual(round: Round) -> int:
    """A judge's recount of the prediction target (audit-logged); snapshots are rebuilt."""
    if round.prediction_target is None:
        raise InvalidInput.for_fields({"prediction_target": "Tuần thi không có câu hỏi dự đoán."})
    before = round.prediction_actual
    round.prediction_actual = compute_prediction_actual(round)
    audit.record(
        "round.prediction_recomputed",
        "round",
        round.id,
        before={"prediction_actual": before},
        after={"prediction_actual": round.prediction_actual},
    )
    mark_stale(round)
    db.session.flush()
    return round.prediction_actual


# --- snapshot ---------------------------------------------------------------------------


def freeze_moment(round: Round) -> datetime | None:
    hours = round.leaderboard_freeze_hours or 0
    return round.closes_at - timedelta(hours=hours) if hours > 0 else None


def is_frozen(round: Round, now: datetime) -> bool:
    """Non-judges see the frozen board in the last N hours before the close."""
    moment = freeze_moment(round)
    return moment is not None and moment <= now < round.closes_at


def mark_stale(round: Round) -> None:
    """Invalidate the round's snapshots after a change to scores or the prediction target."""
    db.session.execute(
        update(RankSnapshotState).where(RankSnapshotState.round_id == round.id).values(stale=True)
    )


def rebuild_snapshot(round: Round, board: Board = Board.LIVE, now: datetime | None = None):
    """Rewrite the round's snapshot with one INSERT … SELECT of the ranking."""
    now = now or utcnow()
    _lock_round(round)
    _tune_for_bulk_rewrite()
    ensure_prediction_actual(round, now)
    as_of = freeze_moment(round) if board == Board.FROZEN else None
    counted = counted_rows(round, as_of).subquery("counted")
    ranking = ranked_rows(counted, tie_break(round), peers=False).subquery("ranking")
    source = select(
        literal(round.id),
        literal(board.value),
        *(ranking.c[name] for name in SNAPSHOT_COLUMNS[2:]),
    )
    db.session.execute(
        delete(RankSnapshot).where(RankSnapshot.round_id == round.id, RankSnapshot.board == board)
    )
    result = db.session.execute(insert(RankSnapshot).from_select(list(SNAPSHOT_COLUMNS), source))
    rows = result.rowcount
    if rows is None or rows < 0:  # psycopg reports -1 for INSERT … SELECT with bound parameters
        rows = db.session.scalar(
            select(func.count()).where(
                RankSnapshot.round_id == round.id, RankSnapshot.board == board
            )
        )
    _mark_group_heads(round.id, board)
    state = db.session.get(RankSnapshotState, (round.id, board)) or RankSnapshotState(
        round_id=round.id, board=board
    )
    state.built_at, state.as_of, state.stale = now, as_of, False
    state.row_count = rows
    state.final = _settled(round, now, as_of)
    db.session.add(state)
    db.session.flush()
    return state


def _tune_for_bulk_rewrite() -> None:
    """PostgreSQL, this transaction only: enough memory to sort a million rows without disk."""
    if db.session.get_bind().dialect.name == "postgresql":
        work_mem = current_app.config.get("RANKING_WORK_MEM", "128MB")
        db.session.execute(text("SELECT set_config('work_mem', :value, true)"), {"value": work_mem})


def _mark_group_heads(round_id: int, board: Board) -> None:
    """Flag the first row of every tied group: its position is the rank of a later tied row."""
    line = and_(RankSnapshot.round_id == round_id, RankSnapshot.board == board)
    inner = aliased(RankSnapshot)
    later = select(inner.rank).where(
        inner.round_id == round_id, inner.board == board, inner.rank < inner.position
    )
    db.session.execute(
        update(RankSnapshot)
        .where(line, RankSnapshot.position.in_(later))
        .values(tied=True)
        .execution_options(synchronize_session=False)
    )


def _settled(round: Round, now: datetime, as_of: datetime | None) -> bool:
    """No attempt can still enter this board: the cutoff has passed and none is pending."""
    cutoff = as_of or round.closes_at
    if now < cutoff:
        return False
    pending = select(Attempt.id).where(
        Attempt.round_id == round.id, Attempt.status == AttemptStatus.IN_PROGRESS
    )
    if as_of is not None:
        pending = pending.where(Attempt.deadline <= as_of)
    return not db.session.scalar(select(exists(pending)))


def current_snapshot(round: Round, board: Board = Board.LIVE, now: datetime | None = None):
    """The snapshot to read from, rebuilt first when it is missing, stale or too old.

    Concurrent readers that all find it old queue on the round's row lock (PostgreSQL); the
    first rebuilds it and the others, once they have the lock, find it fresh and read it.
    """
    now = now or utcnow()
    state = db.session.get(RankSnapshotState, (round.id, board))
    if state is None or state.stale or _needs_rebuild(state, round, now):
        _lock_round(round)
        state = db.session.get(RankSnapshotState, (round.id, board), populate_existing=True)
        if state is None or state.stale or _needs_rebuild(state, round, now):
            return rebuild_snapshot(round, board, now)
    return state


def _lock_round(round: Round) -> None:
    """Serialize snapshot rebuilds of one round (SQLite serializes every writer anyway)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Round.id).where(Round.id == round.id).with_for_update())


def _needs_rebuild(state: RankSnapshotState, round: Round, now: datetime) -> bool:
    """Final: never. First read after the cutoff: always. Otherwise by age (and size if open)."""
    if state.final:
        return False
    cutoff = state.as_of or round.closes_at
    if now >= cutoff and state.built_at < cutoff:
        return True
    config = current_app.config
    max_age = timedelta(seconds=config.get("RANKING_SNAPSHOT_MAX_AGE_SECONDS", 60))
    too_old = now - state.built_at > max_age
    if now >= cutoff:
        return too_old
    return too_old and state.row_count <= config.get("RANKING_INLINE_REBUILD_ROWS", 50_000)


def refresh_open_rounds(now: datetime | None = None) -> int:
    """Rebuild the snapshots of every open round (the worker's periodic task)."""
    now = now or utcnow()
    count = 0
    settled = select(RankSnapshotState.round_id).where(
        RankSnapshotState.board == Board.LIVE, RankSnapshotState.final.is_(True)
    )
    rounds = db.session.scalars(
        select(Round).where(Round.opens_at <= now, Round.id.not_in(settled))
    )
    for round in rounds.all():
        moment = freeze_moment(round)
        boards = [Board.LIVE] + ([Board.FROZEN] if moment is not None and moment <= now else [])
        for board in boards:
            state = db.session.get(RankSnapshotState, (round.id, board))
            if state is None or not state.final:
                rebuild_snapshot(round, board, now)
                count += 1
    return count


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A leaderboard line as read from the snapshot, with who it is."""

    rank: int
    position: int
    tied: bool
    user_id: int
    attempt_id: int
    score: float | None
    duration_ms: int | None
    prediction: int | None
    prediction_error: int | None
    submitted_at: datetime | None
    full_name: str
    id_number: str | None
    phone: str | None
    unit: str | None
    locality: str | None


def standings_query(round_id: int, board: Board) -> Select:
    """Snapshot rows joined to the candidates and their unit/locality, in leaderboard order."""
    unit, locality = aliased(Organization), aliased(Organization)
    s = RankSnapshot
    return (
        select(
            s.rank,
            s.position,
            s.tied,
            s.user_id,
            s.attempt_id,
            s.score,
            s.duration_ms,
            s.prediction,
            s.prediction_error,
            s.submitted_at,
            User.full_name,
            User.id_number,
            User.phone,
            unit.name.label("unit"),
            locality.name.label("locality"),
        )
        .join(User, User.id == s.user_id)
        .outerjoin(unit, unit.id == User.unit_id)
        .outerjoin(locality, locality.id == User.locality_id)
        .where(s.round_id == round_id, s.board == board)
        .order_by(s.position)
    )


def standings(
    round: Round, board: Board, *, offset: int = 0, limit: int | None = 50
) -> list[Standing]:
    # Positions run 1…N without gaps: a range on the position index, not an OFFSET scan.
    query = standings_query(round.id, board).where(RankSnapshot.position > offset)
    if limit is not None:
        query = query.limit(limit)
    return [Standing(**row._mapping) for row in db.session.execute(query)]


def standing_of(round: Round, board: Board, user_id: int) -> Standing | None:
    row = db.session.execute(
        standings_query(round.id, board).where(RankSnapshot.user_id == user_id)
    ).first()
    return Standing(**row._mapping) if row else None


def iter_standings(round: Round, board: Board = Board.LIVE, chunk: int = 5000):
    """Every line of the board, streamed from the database (exports).

    The rows themselves (attributes as on Standing): a million dataclasses would cost an
    export a tenth of its time.
    """
    result = db.session.execute(
        standings_query(round.id, board).execution_options(yield_per=chunk, stream_results=True)
    )
    yield from result


# --- who sees what ---------------------------------------------------------------------------


def is_results_staff(user) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES
    )


def viewer_board(round: Round, viewer, now: datetime | None = None) -> Board | None:
    """Which board this viewer may see, or None when the leaderboard is hidden from them."""
    now = now or utcnow()
    if is_results_staff(viewer):
        return Board.LIVE
    visibility = round.leaderboard_visibility
    signed_in = viewer is not None and getattr(viewer, "is_authenticated", False)
    if visibility == Visibility.JUDGES or (visibility == Visibility.CANDIDATES and not signed_in):
        return None
    return Board.FROZEN if is_frozen(round, now) else Board.LIVE


def candidate_rank(round: Round, user) -> int | None:
    """The candidate's rank as they may see it (None when hidden from them or not ranked).

    One query in the common case: the snapshot's state joined to the candidate's line.
    """
    now = utcnow()
    board = viewer_board(round, user, now)
    if board is None:
        return None
    line = and_(
        RankSnapshot.round_id == RankSnapshotState.round_id,
        RankSnapshot.board == RankSnapshotState.board,
        RankSnapshot.user_id == user.id,
    )
    found = db.session.execute(
        select(RankSnapshotState, RankSnapshot.rank)
        .outerjoin(RankSnapshot, line)
        .where(RankSnapshotState.round_id == round.id, RankSnapshotState.board == board)
    ).first()
    if found is not None and not found[0].stale and not _needs_rebuild(found[0], round, now):
        return found.rank
    current_snapshot(round, board, now)
    row = db.session.get(RankSnapshot, (round.id, board, user.id))
    return row.rank if row else None


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A": what the public sees instead of a name."""
    return ".".join(word[0].upper() for word in full_name.split() if word)


def public_name(standing: Standing) -> str:
    """Initials plus unit or locality: "N.V.A — Xã Bình An"."""
    place = standing.unit or standing.locality
    return f"{initials(standing.full_name)} — {place}" if place else initials(standing.full_name)


# --- contest ranking ---------------------------------------------------------------------


def contest_ranking(contest, group_id: int | None = None, *, frozen: bool = False) -> Select:
    """Across rounds (sum of the counted rows, or the best round), overall or for one group.

    frozen: rounds inside their freeze window count only what was finished by the freeze.
    """
    from contest.models import Participation, RankingMode

    rounds = list(contest.rounds)
    now = utcnow()
    for round in rounds:
        ensure_prediction_actual(round)
    cutoffs = {r.id: freeze_moment(r) if frozen and is_frozen(r, now) else None for r in rounds}
    parts = [
        counted_rows(round, cutoffs[round.id]).add_columns(literal(round.id).label("round_id"))
        for round in rounds
    ]
    rows = (
        parts[0].union_all(*parts[1:]).subquery("rows")
        if len(parts) > 1
        else parts[0].subquery("rows")
    )
    if group_id is not None:
        members = select(Participation.user_id).where(
            Participation.contest_id == contest.id, Participation.group_id == group_id
        )
        rows = select(rows).where(rows.c.user_id.in_(members)).subquery("members")
    if contest.ranking_mode == RankingMode.BEST:
        best = func.row_number().over(
            partition_by=rows.c.user_id,
            order_by=[*_order_by(rows.c, list(TIE_KEYS)), rows.c.round_id],
        )
        picked = select(rows, best.label("pick")).subquery("picked")
        combined = select(
            picked.c.user_id,
            picked.c.score,
            picked.c.duration_ms,
            picked.c.prediction_error,
            picked.c.submitted_at,
            literal(1).label("rounds"),
            picked.c.round_id.label("best_round_id"),
        ).where(picked.c.pick == 1)
    else:
        combined = select(
            rows.c.user_id,
            func.sum(rows.c.score).label("score"),
            func.sum(rows.c.duration_ms).label("duration_ms"),
            func.sum(rows.c.prediction_error).label("prediction_error"),
            func.max(rows.c.submitted_at).label("submitted_at"),
            func.count().label("rounds"),
            cast(null(), Integer).label("best_round_id"),
        ).group_by(rows.c.user_id)
    return ranked_rows(combined.subquery("combined"), list(TIE_KEYS))


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
    unit, locality = aliased(Organization), aliased(Organization)
    query = (
        select(
            ranking,
            User.full_name,
            User.id_number,
            User.phone,
            unit.name.label("unit"),
            locality.name.label("locality"),
        )
        .join(User, User.id == ranking.c.user_id)
        .outerjoin(unit, unit.id == User.unit_id)
        .outerjoin(locality, locality.id == User.locality_id)
        .order_by(ranking.c.position)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    total = db.session.scalar(select(func.count()).select_from(ranking))
    return [row._mapping for row in db.session.execute(query)], int(total or 0)


# --- what a viewer gets -------------------------------------------------------------------


class LeaderboardHidden(Forbidden):
    code = "leaderboard_hidden"
    default_message = _l("Bảng xếp hạng của tuần thi này không công khai.")


class SignInToSee(ContestError):
    code = "unauthorized"
    status = 401
    default_message = _l("Bạn cần đăng nhập để xem bảng xếp hạng.")


def visible_round(round_id: int, viewer) -> Round:
    """The round, if it exists and its contest is published (staff see drafts too); else 404."""
    round = db.session.get(Round, round_id, options=[joinedload(Round.contest)])
    if round is None or (
        round.contest.status == ContestStatus.DRAFT and not is_results_staff(viewer)
    ):
        raise NotFound()
    return round


def visible_contest(contest_id: int, viewer) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or (contest.status == ContestStatus.DRAFT and not is_results_staff(viewer)):
        raise NotFound()
    return contest


def published_contest(slug: str) -> Contest:
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug))
    if contest is None or contest.status == ContestStatus.DRAFT:
        raise NotFound()
    return contest


def _board_or_refuse(round: Round, viewer, now: datetime) -> Board:
    board = viewer_board(round, viewer, now)
    if board is None:
        if viewer is None or not getattr(viewer, "is_authenticated", False):
            raise SignInToSee()
        raise LeaderboardHidden()
    return board


@dataclass(frozen=True)
class LeaderboardView:
    round: Round
    staff: bool
    frozen: bool
    generated_at: datetime
    total: int
    lines: list[Standing]


def leaderboard_view(
    round: Round, viewer, *, offset: int = 0, limit: int = 50, own: int | None = None
) -> LeaderboardView:
    """What this viewer may see of the round's board: a page of it, or only their own line."""
    now = utcnow()
    board = _board_or_refuse(round, viewer, now)
    state = current_snapshot(round, board, now)
    if own is not None:
        line = standing_of(round, board, own)
        lines = [line] if line else []
    else:
        lines = standings(round, board, offset=offset, limit=limit)
    return LeaderboardView(
        round,
        is_results_staff(viewer),
        board == Board.FROZEN,
        state.built_at,
        state.row_count,
        lines,
    )


def contest_board_frozen(contest, viewer) -> bool:
    """Refuse a viewer from whom any round hides its board; True when one is frozen for them."""
    now = utcnow()
    return any(_board_or_refuse(round, viewer, now) == Board.FROZEN for round in contest.rounds)


def current_round(contest: Contest, now: datetime) -> Round | None:
    """The open round; else the one that closed last; else the next one."""
    rounds = sorted(contest.rounds, key=lambda r: r.opens_at)
    open_now = [r for r in rounds if r.opens_at <= now < r.closes_at]
    closed = [r for r in rounds if r.closes_at <= now]
    upcoming = [r for r in rounds if now < r.opens_at]
    if open_now:
        return open_now[-1]
    if closed:
        return max(closed, key=lambda r: r.closes_at)
    return upcoming[0] if upcoming else None


@dataclass(frozen=True)
class Feed:
    contest: Contest
    round: Round | None
    visible: bool
    frozen: bool
    generated_at: datetime | None
    lines: list[Standing]


def public_feed(contest: Contest, limit: int) -> Feed:
    """The current round and the top of its board as an anonymous visitor may see it."""
    now = utcnow()
    round = current_round(contest, now)
    board = viewer_board(round, None, now) if round else None
    if round is None or board is None:
        return Feed(contest, round, False, False, None, [])
    state = current_snapshot(round, board, now)
    return Feed(
        contest,
        round,
        True,
        board == Board.FROZEN,
        state.built_at,
        standings(round, board, limit=limit),
    )
