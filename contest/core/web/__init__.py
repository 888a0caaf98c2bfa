"""Cross-cutting HTTP behaviour: security headers, request logs, health check, language."""

from __future__ import annotations

import json
import logging
import time
import uuid

from flask import Blueprint, Flask, current_app, g, jsonify, redirect, request, session
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from contest.core.clock import utcnow
from contest.core.database.outage import without_waiting
from contest.core.extensions import db
from contest.core.web.urls import safe_next_url

bp = Blueprint("web", __name__)

# Ids are PostgreSQL INTEGERs: a larger number in a URL names nothing (404), not a crash.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: 0 … 2³¹−1; anything longer or larger does not match."""

    regex = r"\d{1,10}"

    def __init__(self, map, fixed_digits=0, min=0, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


request_log = logging.getLogger("thiluat.request")
# A user agent longer than this is cut in the log line (a hostile one can be kilobytes).
MAX_LOGGED_AGENT = 200

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@bp.get("/lang/<lang>")
def set_language(lang: str):
    """Remember the chosen language in the session and go back where the user was."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next_url(request.args.get("next")))


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with without_waiting():  # tells at once; a request waits for a database restarting
            db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy", never a 500
        db.session.rollback()
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def _start_timer() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:16]


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    headers["X-Request-ID"] = g.get("request_id", "")
    return response


def _log_request(response):
    """The request's one line in the log (gunicorn's own access log is off by default).

    Everything an admin looks for in an access log, with what only the app knows (the request
    id, the user): one line per request, not two, written by every request of a rush.
    """
    if not current_app.config.get("LOG_REQUESTS"):
        return response
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    user_id = _signed_in_user_id()
    request_log.info(
        json.dumps(
            {
                "time": utcnow().isoformat(timespec="milliseconds"),
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "bytes": response.content_length,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "ip": request.remote_addr,
                "ua": (request.user_agent.string or "")[:MAX_LOGGED_AGENT],
            },
            ensure_ascii=False,
        )
    )
    return response


def _signed_in_user_id() -> int | None:
    """Who made the request, if it signed someone in, without reading the database again.

    The request's commit has expired the user it loaded (asking `current_user` would read the
    row anew): the key is known without it. Nobody is loaded for a request that never asked.
    """
    user = g.get("_login_user")  # Flask-Login's: set once the request asked who is there
    state = sa_inspect(user, raiseerr=False) if user is not None else None
    return state.identity[0] if state is not None and state.identity else None


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from them.

    Each proxy appends the address it saw to X-Forwarded-For; only the last `hops` entries were
    written by proxies we run, anything before them by the client. With 0 nothing is read.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def init_app(app: Flask) -> None:
    trust_proxies(app)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.register_blueprint(bp)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.before_request(_start_timer)
    app.after_request(_security_headers)
    app.after_request(_log_request)
    if app.config.get("LOG_REQUESTS") and not request_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
