"""Every input bounded: ids, counts, list and text lengths, body size, valid Unicode — a 400
naming the field, never a 5xx (the findings of the hardening issue, replayed from outside)."""

from __future__ import annotations

import json

import pytest

from contest.core.api.schemas import MAX_ITEMS
from tests.factories.scenes import gen_scored_board

HUGE = "99999999999999999999999"


@pytest.fixture
def board(app, now, make_user):
    """A closed round with three finishers and a signed-in judge."""
    return gen_scored_board(make_user)


def post_raw(client, url, body: str, method="POST"):
    """Send JSON text as is: json= would refuse a lone surrogate before it left the client."""
    return client.open(
        url,
        method=method,
        data=body.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )


def fields_of(response) -> dict:
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    return response.get_json()["error"]["details"]["fields"]


def test_a_prize_tier_of_ten_quadrillion_is_refused_not_materialised(
    client, auth, board, make_user
):
    round_, *_ = board
    auth.login(make_user("judge"))
    response = client.post(
        f"/api/v1/rounds/{round_.id}/prizes",
        json={"tiers": [{"name": "Giải nhất", "count": 10000000000000001}]},
    )
    assert "tiers.0.count" in fields_of(response)


def test_a_tier_count_at_the_database_limit_is_refused(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))
    response = client.post(
        f"/api/v1/rounds/{round_.id}/prizes",
        json={"tiers": [{"name": "Giải nhất", "count": 2**31 - 1}]},
    )
    assert "tiers.0.count" in fields_of(response)


def test_too_many_tiers_are_refused(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))
    response = client.post(
        f"/api/v1/rounds/{round_.id}/prizes", json={"tiers": [{"name": "Giải", "count": 1}] * 51}
    )
    assert "tiers" in fields_of(response)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/contests/{HUGE}",
        f"/api/v1/rounds/{HUGE}/leaderboard",
        f"/rounds/{HUGE}/leaderboard",
        f"/verify/{'A' * 5000}",
    ],
)
def test_huge_ids_in_a_path_name_nothing(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/contests?page={HUGE}",
        f"/api/v1/contests?per_page={HUGE}",
        "/api/v1/rounds/{round}/leaderboard?page=" + HUGE,
    ],
)
def test_huge_numbers_in_an_api_query_string_are_refused(client, board, url):
    round_, *_ = board
    response = client.get(url.format(round=round_.id))
    assert set(fields_of(response)) <= {"page", "per_page"}


def test_a_huge_page_of_a_public_leaderboard_page_is_the_first_page(client, board):
    round_, *_ = board
    assert client.get(f"/rounds/{round_.id}/leaderboard?page={HUGE}").status_code == 200


def test_a_huge_page_of_the_audit_log_is_not_a_crash(client, auth, make_user):
    auth.login(make_user("admin"))
    assert client.get(f"/admin/audit?page={HUGE}").status_code == 200


def test_a_huge_id_in_a_json_body_is_refused(client, auth, board, make_user):
    round_, *_ = board
    auth.login(make_user("judge"))
    response = client.post(
        f"/api/v1/rounds/{round_.id}/prizes",
        json={"tiers": [{"name": "Giải nhất", "count": 1, "group_id": 2**70}]},
    )
    assert "tiers.0.group_id" in fields_of(response)


@pytest.mark.parametrize(
    ("url", "method", "body", "field"),
    [
        ("/api/v1/auth/register", "POST", '{"full_name": "\\ud800"}', "full_name"),
        ("/api/v1/me/tokens", "POST", '{"name": "ab\\udfff"}', "name"),
        ("/api/v1/me/tokens", "POST", '{"name": "x", "\\ud800": 1}', "_schema"),
        ("/api/v1/contests/1", "PATCH", '{"description": "\\udc00 mô tả"}', "description"),
    ],
)
def test_a_lone_surrogate_in_any_json_string_is_refused(
    client, auth, make_user, url, method, body, field
):
    auth.login(make_user("organizer"))
    assert field in fields_of(post_raw(client, url, body, method))


def test_text_that_was_not_utf8_in_a_web_form_is_refused(client):
    response = client.post(
        "/register",
        data=b"full_name=Nguy%ED%A0%80n&login=0912345678",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Văn bản chứa ký tự không hợp lệ." in response.get_data(as_text=True)


def test_text_that_was_not_utf8_in_a_query_string_is_refused_on_the_api(client):
    assert "q" in fields_of(client.get("/api/v1/contests?q=%FF"))


def test_a_list_longer_than_the_bound_is_refused(client, auth, make_user):
    auth.login(make_user("organizer"))
    response = client.put(
        "/api/v1/practice/eligibility",
        json={"question_ids": list(range(1, MAX_ITEMS + 2)), "eligible": True},
    )
    assert "question_ids" in fields_of(response)


def test_a_text_longer_than_the_bound_is_refused(client, auth, make_user):
    auth.login(make_user("candidate"))
    response = client.post("/api/v1/me/tokens", json={"name": "x" * 200_000})
    assert "name" in fields_of(response)


def test_a_json_document_nested_beyond_the_parser_is_refused(client, auth, make_user):
    auth.login(make_user("candidate"))
    response = post_raw(client, "/api/v1/me/tokens", "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400


def test_a_body_larger_than_max_content_length_is_refused(app, client, auth, make_user):
    auth.login(make_user("candidate"))
    body = json.dumps({"name": "x" * app.config["MAX_CONTENT_LENGTH"]})
    response = post_raw(client, "/api/v1/me/tokens", body)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def every_route(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def filled(rule, value: str) -> str:
    url = rule.rule
    for name in rule.arguments:
        for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
            url = url.replace(form, value if form.startswith("<int:") else "x")
    return url


def test_a_huge_id_in_any_route_names_nothing(app, client, auth, make_user):
    auth.login(make_user("admin"))
    answers = {
        (method, rule.rule): client.open(filled(rule, HUGE), method=method).status_code
        for rule, method in every_route(app)
        if any(f"<int:{name}>" in rule.rule for name in rule.arguments)
    }
    assert answers
    assert {key: status for key, status in answers.items() if status != 404} == {}


@pytest.mark.parametrize("role", ["candidate", "organizer", "admin"])
def test_huge_numbers_in_any_query_string_are_never_a_crash(app, client, auth, make_user, role):
    auth.login(make_user(role))
    query = "&".join(
        f"{name}={HUGE}"
        for name in ("page", "per_page", "limit", "group", "group_id", "q", "topic", "import")
    )
    crashed = [
        rule.rule
        for rule, method in every_route(app)
        if method == "GET" and client.get(f"{filled(rule, '1')}?{query}").status_code >= 500
    ]
    assert crashed == []


def test_a_lone_surrogate_sent_to_any_api_route_is_refused(app, client, make_user):
    from contest.accounts.tokens import create_token
    from contest.core.extensions import db

    token = create_token(make_user("admin"), "bounds")[1]
    db.session.commit()
    refused = {}
    for rule, method in every_route(app):
        if method == "GET" or not rule.rule.startswith("/api/"):
            continue
        response = client.open(
            filled(rule, "1"),
            method=method,
            data='{"name": "\\ud800"}',
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        refused[f"{method} {rule.rule}"] = response.status_code
    assert {k: v for k, v in refused.items() if v >= 500} == {}
    assert refused["POST /api/v1/me/tokens"] == 400


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("integer out of range", "Giá trị số quá lớn."),
        ("value too long for type character varying(120)", "Văn bản quá dài."),
    ],
)
def test_a_value_the_database_cannot_hold_is_bad_input_not_a_crash(app, error, message):
    from sqlalchemy.exc import DataError

    from contest.core.web.input_guard import _too_large

    with app.test_request_context("/api/v1/contests"):
        response = app.make_response(_too_large(DataError("UPDATE …", {}, Exception(error))))
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message
