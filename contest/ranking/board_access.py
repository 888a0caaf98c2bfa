"""Who may see which board, what the public sees of a name, and the 401/403/404 of leaderboards."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest.core.access import STAFF_ROLES
from contest.core.clock import utcnow
from contest.core.errors import ContestError, Forbidden, NotFound
from contest.core.extensions import db
from contest.ranking.models import Board, RankSnapshot
from contest.ranking.snapshots.build import current_snapshot
from contest.ranking.snapshots.state import is_frozen
from contest.ranking.standings import Standing
from contest.rounds.models import Contest, ContestStatus, Round, Visibility


class LeaderboardHidden(Forbidden):
    """The round shows its board to the judges only."""

    code = "leaderboard_hidden"
    default_message = _l("Bảng xếp hạng của tuần thi này không công khai.")


class SignInToSee(ContestError):
    """The board is for signed-in candidates: a login, not a refusal."""

    code = "unauthorized"
    status = 401
    default_message = _l("Bạn cần đăng nhập để xem bảng xếp hạng.")


def is_results_staff(user) -> bool:
    """Judges, organizers and admins: they see the live board and drafts."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES
    )


def _signed_in(viewer) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def viewer_board(round: Round, viewer, now: datetime | None = None) -> Board | None:
    """Which board this viewer may see, or None when the leaderboard is hidden from them."""
    now = now or utcnow()
    if is_results_staff(viewer):
        return Board.LIVE
    visibility = round.leaderboard_visibility
    if visibility == Visibility.JUDGES or (
        visibility == Visibility.CANDIDATES and not _signed_in(viewer)
    ):
        return None
    return Board.FROZEN if is_frozen(round, now) else Board.LIVE


def board_or_refuse(round: Round, viewer, now: datetime) -> Board:
    """The viewer's board, or SignInToSee / LeaderboardHidden when it is hidden from them."""
    board = viewer_board(round, viewer, now)
    if board is None:
        if not _signed_in(viewer):
            raise SignInToSee()
        raise LeaderboardHidden()
    return board


def candidate_rank(round: Round, user) -> int | None:
    """The candidate's rank as they may see it (None when hidden from them or not ranked).

    The board's state first (rebuilt if due), then the candidate's line: a reader that read
    the board's rows before waiting for a rebuild would hold the partition the rebuild swaps
    (PostgreSQL), each waiting for the other (a deadlock, found at a rush's board refresh).
    """
    now = utcnow()
    board = viewer_board(round, user, now)
    if board is None:
        return None
    current_snapshot(round, board, now)
    return db.session.scalar(
        select(RankSnapshot.rank).where(
            RankSnapshot.round_id == round.id,
            RankSnapshot.board == board,
            RankSnapshot.user_id == user.id,
        )
    )


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A": what the public sees instead of a name."""
    return ".".join(word[0].upper() for word in full_name.split() if word)


def masked_name(full_name: str, unit: str | None, locality: str | None) -> str:
    """Initials plus unit or locality: "N.V.A — Xã Bình An"."""
    place = unit or locality
    return f"{initials(full_name)} — {place}" if place else initials(full_name)


def public_name(standing: Standing) -> str:
    """What the public sees of a leaderboard line's candidate (masked_name)."""
    return masked_name(standing.full_name, standing.unit, standing.locality)


def visible_round(round_id: int, viewer) -> Round:
    """The round, if it exists, is announced and its contest published (staff see drafts too);
    else 404."""
    round = db.session.get(Round, round_id, options=[joinedload(Round.contest)])
    if round is None or (
        (round.is_draft or round.contest.status == ContestStatus.DRAFT)
        and not is_results_staff(viewer)
    ):
        raise NotFound()
    return round


def visible_contest(contest_id: int, viewer) -> Contest:
    """The contest, if it is published (staff see drafts too); else 404."""
    contest = db.session.get(Contest, contest_id)
    if contest is None or (contest.status == ContestStatus.DRAFT and not is_results_staff(viewer)):
        raise NotFound()
    return contest


def published_contest(slug: str) -> Contest:
    """The published contest with this slug, for the public pages; else 404."""
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug))
    if contest is None or contest.status == ContestStatus.DRAFT:
        raise NotFound()
    return contest
