"""Rounds on the API: organizers add, change, clone, announce, close and publish; all read them."""

from __future__ import annotations

from contest.attempts import closing
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.core.clock import utcnow
from contest.core.errors import NotFound
from contest.prizes import readiness
from contest.rounds import contests, lifecycle, rounds
from contest.rounds.models import Round
from contest.rounds.schemas.requests import (
    CloneSchema,
    EndOfRoundSchema,
    NewRoundSchema,
    RoundChangeSchema,
)
from contest.rounds.schemas.responses import ChecklistSchema, RoundDetailSchema
from contest.rounds.schemas.visitor import is_staff, signed_in_user

bp = ApiBlueprint("rounds", __name__, "Contests and their rounds: organizers write, all read")


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
    if round.is_draft and not is_staff():
        raise NotFound()
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


@bp.post("/rounds/<int:round_id>/close")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(EndOfRoundSchema)
@bp.response(200, RoundDetailSchema)
@bp.errors({404: "not_found", 409: "round_not_open"})
def close_round(body: dict, round_id: int):
    """Close an open round now: every attempt in progress is scored from its saved answers.

    Roles: organizer, admin.
    """
    return closing.close_round(rounds.get_round(round_id), utcnow(), body.get("reason"))


@bp.post("/rounds/<int:round_id>/publish")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(EndOfRoundSchema)
@bp.response(200, RoundDetailSchema)
@bp.errors({404: "not_found", 409: "round_not_closed, already_published"})
def publish_round(body: dict, round_id: int):
    """Publish a closed round's results.

    Roles: organizer, admin.
    """
    round = rounds.get_round(round_id)
    now = utcnow()
    closing.finalize_round(round, now)
    return lifecycle.publish_results(round, now, body.get("reason"))


@bp.get("/rounds/<int:round_id>/checklist")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, ChecklistSchema)
@bp.errors({404: "not_found"})
def round_checklist(round_id: int):
    """What must be true before the round is announced: rules, questions, prizes, dates.

    Roles: organizer, admin.
    """
    checks = readiness.round_checklist(rounds.get_round(round_id), utcnow())
    return {"round_id": round_id, "ready": all(c.ok for c in checks), "checks": checks}


@bp.post("/rounds/<int:round_id>/announce")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, RoundDetailSchema)
@bp.errors(
    {
        404: "not_found",
        409: "checklist_incomplete (details.checks names the failing checks), already_announced",
    }
)
def announce_round(round_id: int):
    """Announce a draft round: candidates see it, and it opens at its time.

    Roles: organizer, admin.
    """
    return readiness.announce_round(rounds.get_round(round_id), utcnow())
