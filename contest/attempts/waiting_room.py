"""The waiting room at a round's open: starts beyond a worker's capacity wait their turn.

A start (the page's button, its automatic retry, the API) is admitted while fewer than
START_CAPACITY starts run in this worker process. Beyond that it is answered at once, before
it queues for the database: the page "Đang xếp hàng — tự động vào thi sau N giây", which comes
back by itself (a meta refresh, no JavaScript needed), or on the API 429 `queued` with
Retry-After. A queued request only reads, so on SQLite it does not wait for the write lock.
The page's retry is a GET carrying a signed ticket (the candidate and the round, for a few
minutes), so that no other site can make a candidate start by linking to it.
"""

from __future__ import annotations

import random
import threading

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from contest.accounts.models import User
from contest.core.database import reading_only, writing
from contest.core.errors import ContestError, error_json, wants_json
from contest.core.extensions import login_manager

START_ENDPOINTS = ("quiz.start", "attempts_api.start_attempt")
ENTER_ENDPOINT = "quiz.enter"  # the waiting page's retry: a GET that starts
TICKET_SECONDS = 15 * 60


class StartQueued(ContestError):
    code = "queued"
    status = 429
    default_message = _l(
        "Đang có nhiều người vào thi cùng lúc. Bạn đang xếp hàng; hãy thử lại sau ít giây."
    )


def retry_seconds() -> int:
    """When a queued start should come back: START_RETRY_SECONDS to twice that, at random."""
    base = max(1, current_app.config["START_RETRY_SECONDS"])
    return random.randint(base, 2 * base)  # noqa: S311 - spreading retries, not a secret


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="start-queue")


def ticket(user: User, round_id: int) -> str:
    """The signed permission to start this round from the waiting page's automatic retry."""
    return _serializer().dumps([user.id, round_id])


def ticket_valid(raw: str, user: User, round_id: int) -> bool:
    try:
        signed = _serializer().loads(raw, max_age=TICKET_SECONDS)
    except BadSignature:
        return False
    return signed == [user.id, round_id]


def _gate() -> threading.BoundedSemaphore | None:
    return current_app.extensions.get("start_gate")


def _admit() -> None:
    """Before a start touches the database: let it in, or answer that it is queued."""
    if request.endpoint not in (*START_ENDPOINTS, ENTER_ENDPOINT):
        return
    gate = _gate()
    if gate is None or gate.acquire(blocking=False):
        g.start_admitted = gate is not None
        if request.endpoint == ENTER_ENDPOINT:
            g.writing_token = writing.set(True)  # a GET that starts: begin IMMEDIATE on SQLite
        return
    g.reading_token = reading_only.set(True)
    raise StartQueued(details={"retry_after_seconds": retry_seconds()})


def _leave(_error: BaseException | None = None) -> None:
    """After the start's response (its commit included): free its place."""
    if g.pop("start_admitted", False):
        _gate().release()
    for name, variable in (("writing_token", writing), ("reading_token", reading_only)):
        token = g.pop(name, None)
        if token is not None:
            variable.reset(token)


def _queued(error: StartQueued):
    """The API's 429 `queued`, or the waiting page that comes back by itself (never an error)."""
    seconds = error.details["retry_after_seconds"]
    headers = {"Retry-After": str(seconds)}
    if wants_json():
        return error_json(error.code, error.message, error.status, error.details, **headers)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    round_id, slug = request.view_args["round_id"], request.view_args["slug"]
    target = url_for(
        ENTER_ENDPOINT, slug=slug, round_id=round_id, ticket=ticket(current_user, round_id)
    )
    return render_template("quiz/queued.html", seconds=seconds, target=target), 200, headers


def init_app(app: Flask) -> None:
    capacity = app.config["START_CAPACITY"]
    app.extensions["start_gate"] = threading.BoundedSemaphore(capacity) if capacity > 0 else None
    # First of the request's hooks: the rate limiter's, which come earlier otherwise, read the
    # signed-in user, and a start told to wait must not queue for the database to be told so.
    app.before_request_funcs.setdefault(None, []).insert(0, _admit)
    app.teardown_request(_leave)
    app.register_error_handler(StartQueued, _queued)
