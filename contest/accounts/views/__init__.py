"""Account pages; each module adds its pages to `bp` (the admin's pages have their own)."""

from __future__ import annotations

from flask import Blueprint, url_for

from contest.core.access import Role

bp = Blueprint("auth", __name__)

HOME_BY_ROLE = {
    Role.CANDIDATE: "candidate.home",
    Role.ORGANIZER: "organizer.home",
    Role.JUDGE: "judge.home",
    Role.ADMIN: "admin.home",
}


def home_url(user) -> str:
    return url_for(HOME_BY_ROLE[user.role])
