"""The contest's Atom feed: its public announcements and its published results, newest first.

Provincial portals and feed readers follow it; the embed snippet on the contest page names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from markupsafe import escape

from contest.announcements.services import public_announcements
from contest.core.clock import utcnow
from contest.core.markup import render_markdown
from contest.ranking.board_access import published_contest
from contest.rounds.models import Contest, RoundState

bp = Blueprint("contest_feeds", __name__)
FEED_ENTRIES = 30


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: datetime
    link: str
    html: str


def feed_entries(contest: Contest, now: datetime) -> list[FeedEntry]:
    """Announcements and published results, newest first (at most FEED_ENTRIES)."""
    page = url_for("public.contest_page", slug=contest.slug, _external=True)
    entries = [
        FeedEntry(
            f"{page}#announcement-{item.id}",
            item.title,
            item.published_at,
            f"{page}#announcement-{item.id}",
            str(render_markdown(item.body)),
        )
        for item in public_announcements(contest, FEED_ENTRIES)
    ]
    for round in contest.announced_rounds:
        if round.state_at(now) != RoundState.PUBLISHED:
            continue
        link = url_for("winners.round_page", round_id=round.id, _external=True)
        title = _("Công bố kết quả: %(round)s", round=round.name)
        text = _("Kết quả %(round)s đã được công bố.", round=round.name)
        moment = round.results_published_at or round.closes_at
        entries.append(FeedEntry(f"{link}#results", title, moment, link, f"<p>{escape(text)}</p>"))
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return entries[:FEED_ENTRIES]


@bp.get("/contests/<slug>/feed.atom")
def atom(slug: str):
    """The Atom feed of a published contest (any site may read it)."""
    contest = published_contest(slug)
    now = utcnow()
    entries = feed_entries(contest, now)
    body = render_template(
        "announcements/feed.xml",
        contest=contest,
        entries=entries,
        updated=entries[0].updated if entries else contest.created_at,
    )
    headers = {
        "Content-Type": "application/atom+xml; charset=utf-8",
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "public, max-age=60",
    }
    return body, 200, headers
