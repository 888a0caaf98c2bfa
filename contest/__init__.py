"""ThiLuat: the application factory. It only wires; everything else lives in its module."""

from __future__ import annotations

from datetime import timedelta
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
    app.permanent_session_lifetime = timedelta(days=app.config["PERMANENT_SESSION_LIFETIME_DAYS"])
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(
        days=app.config["REMEMBER_COOKIE_DURATION_DAYS"]
    )
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI")

    from contest import access, api, cli, database, errors, i18n, views, web
    from contest.extensions import csrf, db, limiter, login_manager, migrate

    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    views.init_app(app)
    api.init_app(app)
    cli.init_app(app)
    return app
