"""API route: the public, read-only feed of a contest for embedding on other sites."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from contest.core.api import OPENAPI_PATHS, bp, document
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.ranking import boards
from contest.ranking.board_access import published_contest
from contest.ranking.boards import Feed
from contest.ranking.schemas import iso, line_json

document(
    "/public/contests/{slug}/feed",
    "get",
    "Read-only feed for embedding (CORS: any origin): {contest: {slug, title}, round: {id, name, "
    "state, opens_at, closes_at} | null, leaderboard_visible, frozen, generated_at, items: top "
    "?limit= (≤ 50, default 10) masked leaderboard lines}",
    roles="anyone",
    responses={200: "The feed", 404: "No such published contest"},
)
OPENAPI_PATHS["/public/contests/{slug}/feed"]["get"]["parameters"][0]["schema"] = {"type": "string"}


@bp.get("/public/contests/<slug>/feed")
def public_feed(slug: str):
    feed = boards.public_feed(published_contest(slug), _limit())
    db.session.commit()  # a snapshot rebuilt for the feed is kept
    response = jsonify(feed_json(feed))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=30"
    return response


def feed_json(feed: Feed) -> dict[str, Any]:
    round = feed.round
    now = utcnow()
    return {
        "contest": {"slug": feed.contest.slug, "title": feed.contest.title},
        "round": None
        if round is None
        else {
            "id": round.id,
            "name": round.name,
            "state": round.state_at(now).value,
            "opens_at": iso(round.opens_at),
            "closes_at": iso(round.closes_at),
        },
        "leaderboard_visible": feed.visible,
        "frozen": feed.frozen,
        "generated_at": iso(feed.generated_at),
        "items": [line_json(line, staff=False) for line in feed.lines],
    }


def _limit() -> int:
    raw = request.args.get("limit", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= 50:
        raise InvalidInput.for_fields({"limit": str(_l("Số dòng từ 1 đến 50."))})
    return int(raw)
