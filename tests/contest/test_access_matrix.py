"""The access matrix, generated from the app's route map: every route (pages and API) × every
actor — anonymous, candidates A and B, organizer, judge, admin — answers its declared class.

RULES (tests/contest/access_rules.py) is the one table of who may do what, by endpoint. A route
the table does not name fails the suite. Candidate B must never read or change what is A's
(the attempt, the practice session, the token in the world of tests/contest/access_world.py).
"""

from __future__ import annotations

import pytest

from contest import create_app
from contest.core.extensions import limiter
from tests.contest.access_rules import BODIES, RULES, SIGNS_OUT
from tests.contest.access_world import ACTORS, build_world

ANON = ACTORS[0]


def unruled_routes(app) -> list[str]:
    """Endpoints of the route map that RULES does not name."""
    return sorted({r.endpoint for r in app.url_map.iter_rules()} - set(RULES))


def test_every_route_has_a_rule(app):
    assert unruled_routes(app) == []


def test_a_new_route_without_a_rule_is_detected():
    app = create_app("testing")

    @app.get("/a-new-page")
    def a_new_page():
        return "new"

    assert unruled_routes(app) == ["a_new_page"]


def test_every_rule_names_a_route(app):
    assert set(RULES) - {r.endpoint for r in app.url_map.iter_rules()} == set()


def answer_class(response) -> str:
    status = response.status_code
    if status in (401, 403, 404):
        return "login" if status == 401 else str(status)
    if 300 <= status < 400 and "/login" in response.headers.get("Location", ""):
        return "login"
    return "ok" if status < 400 else "in"


def fits(expected: str, observed: str) -> bool:
    return observed == expected or (expected == "in" and observed in ("ok", "in", "404"))


def url_of(rule, args: dict) -> str:
    url = rule.rule
    for name in rule.arguments:
        for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
            url = url.replace(form, str(args[name]))
    return url


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


@pytest.fixture
def world(app, client, make_user, now):
    return build_world(app, client, make_user)


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_gets_exactly_what_the_table_declares(app, client, world, actor):
    limiter.enabled = False
    try:
        if actor != ANON:
            world.sign_in(client, actor)
        wrong = []
        for rule, method in routes(app):
            expected = RULES[rule.endpoint][actor]
            body = BODIES.get(rule.endpoint, {}) if method != "GET" else {}
            response = client.open(url_of(rule, world.args), method=method, **body)
            response.get_data()  # a streamed file is read to its end, then closed
            response.close()
            observed = answer_class(response)
            if not fits(expected, observed):
                wrong.append(
                    f"{method} {rule.rule}: {observed} ({response.status_code}), "
                    f"declared {expected}"
                )
            if actor != ANON and rule.endpoint in SIGNS_OUT:
                world.sign_in(client, actor)
    finally:
        limiter.enabled = True
    assert wrong == [], "\n".join(wrong)
