"""Safe redirects: a `next` address is followed only when it is a path on this site."""

import pytest

from contest.core.web.urls import safe_next_url


def test_a_local_path_is_followed(app):
    with app.test_request_context():
        assert safe_next_url("/organizer/rounds?page=2") == "/organizer/rounds?page=2"


@pytest.mark.parametrize(
    "target",
    [None, "", "https://evil.example/", "//evil.example/", "/\\evil.example", "organizer/"],
)
def test_anything_else_goes_to_the_default_page(app, target):
    with app.test_request_context():
        assert safe_next_url(target, "public.index") == "/"
