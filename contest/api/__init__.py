"""The JSON API (/api/v1), the contract in docs/API.md; pages and scripts use the same routes."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app) -> None:
    from contest.api import (  # noqa: F401 - importing registers the routes
        accounts,
        attempts,
        contests,
        exports,
        integrity,
        leaderboards,
        openapi,
        prizes,
        public_feed,
        questions,
        rounds,
        statistics,
    )

    app.register_blueprint(bp)
