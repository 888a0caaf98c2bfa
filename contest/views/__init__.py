"""HTML blueprints: public pages, sign-in, and one area per role."""


def init_app(app) -> None:
    from contest.views import (
        admin,
        auth,
        candidate,
        contests,
        judge,
        organizer,
        public,
        quiz,
        results,
    )
    from questions import views as bank

    for module in (public, auth, candidate, organizer, judge, admin, contests, quiz, results, bank):
        app.register_blueprint(module.bp)
