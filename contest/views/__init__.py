"""HTML blueprints: public pages, sign-in, and one area per role."""


def init_app(app) -> None:
    from contest.views import (
        admin,
        auth,
        candidate,
        contests,
        exports,  # noqa: F401 - adds its pages to results.bp
        integrity,  # noqa: F401 - adds its pages to results.bp
        judge,
        organizer,
        prizes,  # noqa: F401 - adds its pages to results.bp
        public,
        quiz,
        results,
        statistics,  # noqa: F401 - adds its pages to results.bp
    )
    from questions import views as bank

    for module in (public, auth, candidate, organizer, judge, admin, contests, quiz, results, bank):
        app.register_blueprint(module.bp)
