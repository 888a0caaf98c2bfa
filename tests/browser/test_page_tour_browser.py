"""The pages the journeys pass by without stopping, each opened and checked like theirs: a
full-page screenshot kept, and no serious or critical axe-core violation. Staff pages on a
1,366 px screen (an administrator sees every one), public and candidate pages on a 390 px phone.
"""

from __future__ import annotations

import pytest

from contest.core.extensions import db
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.attempts import gen_attempt
from tests.factories.scenes import gen_field

pytestmark = BROWSER_TESTS
STAFF_PAGES = [
    ("organizer home", "/organizer/"),
    ("question bank", "/organizer/bank/"),
    ("topics", "/organizer/bank/topics"),
    ("imports", "/organizer/bank/imports"),
    ("contests", "/organizer/contests/"),
    ("contest edit", "/organizer/contests/{contest}"),
    ("round page", "/organizer/contests/rounds/{round}"),
    ("round form", "/organizer/contests/rounds/{round}/edit"),
    ("round clone", "/organizer/contests/rounds/{round}/clone"),
    ("new contest", "/organizer/contests/new"),
    ("new question", "/organizer/bank/new"),
    ("organizations", "/organizer/organizations"),
    ("candidate password reset", "/organizer/candidates/password-reset"),
    ("round preview", "/organizer/contests/rounds/{round}/preview"),
    ("dashboard", "/organizer/contests/rounds/{round}/dashboard"),
    ("practice topics", "/organizer/practice/"),
    ("certificate settings", "/organizer/rounds/{round}/certificates"),
    ("erasure requests", "/organizer/privacy"),
    ("judge home", "/judge/"),
    ("full board", "/results/rounds/{round}"),
    ("statistics", "/results/rounds/{round}/statistics"),
    ("item analysis", "/results/rounds/{round}/items"),
    ("units", "/results/rounds/{round}/units"),
    ("integrity", "/results/rounds/{round}/integrity"),
    ("exports", "/results/rounds/{round}/exports"),
    ("contest board", "/results/contests/{contest}"),
    ("contest prizes", "/results/contests/{contest}/prizes"),
    ("admin home", "/admin/"),
    ("audit log", "/admin/audit"),
]
PUBLIC_PAGES = [
    ("public board", "/rounds/{round}/leaderboard"),
    ("public winners", "/rounds/{round}/winners"),
    ("contest public board", "/contests/{slug}/leaderboard"),
    ("contest winners", "/contests/{slug}/winners"),
    ("contest units", "/contests/{slug}/units"),
    ("forgot password", "/password/forgot"),
]
CANDIDATE_PAGES = [
    ("profile", "/profile"),
    ("my data", "/me/data"),
    ("reading list", "/practice/reading-list"),
    ("my certificates", "/me/certificates"),
    ("change password", "/password/change"),
]


@pytest.fixture
def closed_round(app, now, make_user):
    """A closed round of five, one of whom (returned) may sign in."""
    round_, _others = gen_field([10, 9, 8.5, 7])
    candidate = make_user()
    gen_attempt(round_, candidate, score=9.5)
    db.session.commit()
    contest = round_.contest
    return {"round": round_.id, "contest": contest.id, "slug": contest.slug}, candidate


def sign_in(page, login: str) -> None:
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def tour(page, check_page, pages, ids) -> None:
    for name, path in pages:
        response = page.goto(path.format(**ids))
        assert response.status < 400, f"{name}: {response.status}"
        check_page(page, name)


def test_staff_pages_pass_the_accessibility_check(
    browser_window, check_page, make_user, closed_round
):
    ids, _candidate = closed_round
    page = browser_window(1366, 900).new_page()
    sign_in(page, make_user("admin").email)

    tour(page, check_page, STAFF_PAGES, ids)


def test_public_and_candidate_pages_pass_the_accessibility_check(
    browser_window, check_page, closed_round
):
    ids, candidate = closed_round
    page = browser_window(390, 844).new_page()
    tour(page, check_page, PUBLIC_PAGES, ids)

    sign_in(page, candidate.phone)
    tour(page, check_page, CANDIDATE_PAGES, ids)
