"""The JSON API (/api/v1), the contract in docs/API.md; pages and scripts use the same routes."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app) -> None:
    from contest.api import accounts, contests, openapi, questions  # noqa: F401 - registers routes

    app.register_blueprint(bp)
