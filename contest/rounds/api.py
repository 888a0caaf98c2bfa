"""Rounds on the API: organizers add, change, clone, close and publish; everyone reads them."""

from __future__ import annotations

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.core.clock import utcnow
from contest.rounds import contests, lifecycle, rounds
from contest.rounds.models import Round
from contest.rounds.schemas import (
    CloneSchema,
    NewRoundSchema,
    RoundChangeSchema,
    RoundDetailSchema,
    signed_in_user,
)

bp = ApiBlueprint("rounds", __name__, "Contests and their rounds: organizers write, all read")
# The two moves at a round's end, by the last word of their route.
END_OF_ROUND = {"close": lifecycle.close_round, "publish": lifecycle.publish_results}


@bp.post("/contests/<int:contest_id>/rounds")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(NewRoundSchema)
@bp.response(201, RoundDetailSchema)
@bp.errors(
    {
        400: "invalid_input; blueprint_unsatisfiable names each topic and difficulty short of "
        "questions, and by how many, in details.cells",
        404: "not_found",
    }
)
def create_round(body: dict, contest_id: int):
    """Add a round (a blueprint or a fixed list of questions).

    Roles: organizer, admin.
    """
    return rounds.create_round(contests.get_contest(contest_id), body)


def _visible_round(round_id: int) -> Round:
    round = rounds.get_round(round_id)
    contests.visible_contest(round.contest_id, signed_in_user())
    return round


@bp.get("/rounds/<int:round_id>")
@bp.response(200, RoundDetailSchema)
@bp.errors({404: "not_found (also a round of a draft contest, for all but staff)"})
def get_round(round_id: int):
    """One round with every setting.

    Roles: anyone (drafts: staff).
    """
    return _visible_round(round_id)


@bp.patch("/rounds/<int:round_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(RoundChangeSchema)
@bp.response(200, RoundDetailSchema)
@bp.errors({404: "not_found", 409: "round_frozen: a candidate has started"})
def update_round(body: dict, round_id: int):
    """Change a round's settings (once started, only its name and closes_at, with a reason).

    Roles: organizer, admin.
    """
    reason = body.pop("reason", None)
    return rounds.update_round(rounds.get_round(round_id), body, reason=reason)


@bp.post("/rounds/<int:round_id>/clone")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(CloneSchema)
@bp.response(201, RoundDetailSchema)
@bp.errors({404: "not_found"})
def clone_round(body: dict, round_id: int):
    """Copy a round's settings and questions, with new dates.

    Roles: organizer, admin.
    """
    return rounds.clone_round(rounds.get_round(round_id), body)


@bp.post("/rounds/<int:round_id>/close", endpoint="close_round", defaults={"move": "close"})
@bp.post("/rounds/<int:round_id>/publish", endpoint="publish_round", defaults={"move": "publish"})
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, RoundDetailSchema)
@bp.errors(
    {
        404: "not_found",
        409: "close: round_not_open; publish: round_not_closed or already_published",
    }
)
def end_of_round(round_id: int, move: str):
    """Close an open round now (…/close), or publish a closed round's results (…/publish).

    Roles: organizer, admin.
    """
    return END_OF_ROUND[move](rounds.get_round(round_id), utcnow())
