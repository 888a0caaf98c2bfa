"""ThiLuat: the application factory. It only wires; everything else lives in its module."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from pathlib import Path

from flask import Flask

from config import config_class

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app: configuration from the environment now, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    config = config_class(config_name)
    app.config.from_object(config)
    app.config.update(config.from_environment())
    app.config.update(overrides)
    config.finalize(app.config)
    app.instance_path = str(app.config["INSTANCE_DIR"])  # one instance folder per node
    app.permanent_session_lifetime = timedelta(days=app.config["SESSION_MAX_DAYS"])
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=app.config["SESSION_MAX_DAYS"])
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI")

    from contest import cli
    from contest.attempts import waiting_room
    from contest.core import access, cache, database, errors, i18n, storage, web
    from contest.core.database import transaction
    from contest.core.extensions import csrf, db, limiter, login_manager, mail, migrate
    from contest.core.web import input_guard

    import_models()
    database.init_app(app)
    storage.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    input_guard.init_app(app)
    register_blueprints(app)
    waiting_room.init_app(app)
    transaction.init_app(app)
    cli.init_app(app)
    return app


MODEL_MODULES = (
    "contest.core.audit",
    "contest.core.storage",
    "questions.models",
    "contest.accounts.models",
    "contest.rounds.models",
    "contest.announcements.models",
    "contest.attempts.models",
    "contest.ranking.models",
    "contest.prizes.models",
    "contest.jobs.models",
    "contest.practice.models",
    "contest.certificates.models",
    "contest.privacy.models",
)
# Modules whose import registers pages on a blueprint, or routes on the API blueprint.
PAGE_MODULES = (
    "contest.accounts.sessions",
    "contest.attempts.views.public",
    "contest.accounts.views.auth",
    "contest.accounts.views.profile",
    "contest.attempts.views.candidate",
    "contest.rounds.views.organizer",
    "contest.prizes.judge_views",
    "contest.accounts.views.admin",
    "contest.accounts.views.audit",
    "contest.accounts.views.password",
    "contest.accounts.views.candidates",
    "contest.core.mail.outbox_views",
    "contest.privacy.views",
    "contest.rounds.views.contests",
    "contest.rounds.views.rounds",
    "contest.attempts.views",
    "contest.ranking.views",
    "contest.jobs.views",
    "contest.jobs.operations.views",
    "contest.integrity.views",
    "contest.prizes.views",
    "contest.statistics.views",
    "contest.statistics.public_views",
    "contest.prizes.public_views",
    "questions.views",
    "questions.imports.views",
    "contest.practice.views",
    "contest.practice.organizer_views",
    "contest.certificates.views",
    "contest.certificates.organizer_views",
    "contest.announcements.views",
    "contest.announcements.feed_views",
)
API_MODULES = (
    "contest.accounts.api.auth",
    "contest.accounts.api.me",
    "contest.rounds.contests_api",
    "contest.rounds.api",
    "contest.attempts.api",
    "contest.ranking.api",
    "contest.prizes.api",
    "contest.integrity.api",
    "contest.statistics.api",
    "contest.jobs.api",
    "contest.privacy.api",
    "questions.api",
    "questions.imports.api",
    "contest.practice.api",
    "contest.certificates.api",
    "contest.announcements.api",
)


def import_models() -> None:
    """Register every model before the first query (Alembic sees them all too)."""
    for name in MODEL_MODULES:
        import_module(name)


def register_blueprints(app: Flask) -> None:
    """Import every page and API module (which adds its routes), then register the blueprints."""
    from contest.core import api
    from contest.core.api import ApiBlueprint

    blueprints = []
    for name in PAGE_MODULES:
        module = import_module(name)
        bp = getattr(module, "bp", None)
        if bp is not None and bp not in blueprints:
            blueprints.append(bp)
    api_blueprints = []
    for name in API_MODULES:
        module = import_module(name)
        api_blueprints += [
            value
            for value in vars(module).values()
            if isinstance(value, ApiBlueprint) and value not in api_blueprints
        ]
    for bp in blueprints:
        app.register_blueprint(bp)
    api.init_app(app, api_blueprints)
