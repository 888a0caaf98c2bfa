"""Round and contest rankings: the names the rest of the application uses, in one place.

A round's ranking is one query with window functions (ranking_order); leaderboards read it
from a rank snapshot rebuilt set-based (ranking_snapshot, snapshot_state, and the bulk paths
snapshot_partitions for PostgreSQL and snapshot_staging for SQLite); the prediction target
feeds the prediction error (prediction_target); who sees which board is leaderboard_access,
what they get is leaderboards and standings; the contest-wide ranking is contest_ranking.
"""

from __future__ import annotations

from contest.models import Board
from contest.services.contest_ranking import contest_ranking, contest_standings
from contest.services.leaderboard_access import (
    LeaderboardHidden,
    SignInToSee,
    board_or_refuse,
    candidate_rank,
    initials,
    is_results_staff,
    public_name,
    published_contest,
    viewer_board,
    visible_contest,
    visible_round,
)
from contest.services.leaderboards import (
    Feed,
    LeaderboardView,
    contest_board_frozen,
    current_round,
    leaderboard_view,
    public_feed,
)
from contest.services.prediction_target import (
    compute_prediction_actual,
    ensure_prediction_actual,
    perfect_attempt,
    recompute_prediction_actual,
)
from contest.services.ranking_order import (
    FINAL_STATUSES,
    TIE_KEYS,
    counted_rows,
    ranked_rows,
    round_ranking,
    tie_break,
)
from contest.services.ranking_snapshot import (
    current_snapshot,
    rebuild_snapshot,
    refresh_open_rounds,
)
from contest.services.snapshot_state import freeze_moment, is_frozen, mark_stale
from contest.services.standings import (
    Standing,
    iter_standings,
    standing_of,
    standings,
    standings_query,
)

__all__ = [
    "FINAL_STATUSES",
    "TIE_KEYS",
    "Board",
    "Feed",
    "LeaderboardHidden",
    "LeaderboardView",
    "SignInToSee",
    "Standing",
    "board_or_refuse",
    "candidate_rank",
    "compute_prediction_actual",
    "contest_board_frozen",
    "contest_ranking",
    "contest_standings",
    "counted_rows",
    "current_round",
    "current_snapshot",
    "ensure_prediction_actual",
    "freeze_moment",
    "initials",
    "is_frozen",
    "is_results_staff",
    "iter_standings",
    "leaderboard_view",
    "mark_stale",
    "perfect_attempt",
    "public_feed",
    "public_name",
    "published_contest",
    "ranked_rows",
    "rebuild_snapshot",
    "recompute_prediction_actual",
    "refresh_open_rounds",
    "round_ranking",
    "standing_of",
    "standings",
    "standings_query",
    "tie_break",
    "viewer_board",
    "visible_contest",
    "visible_round",
]
