"""HTML blueprints: public pages, sign-in, and one area per role."""


def init_app(app) -> None:
    from contest.views import admin, auth, candidate, judge, organizer, public

    for module in (public, auth, candidate, organizer, judge, admin):
        app.register_blueprint(module.bp)
