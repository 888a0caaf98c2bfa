"""The served OpenAPI document tells the truth: every answer conforms to the schema it documents.

schemathesis generates requests for every operation of /api/v1/openapi.json, anonymously and
with each role's bearer token, on a seeded demo contest, and checks each answer against the
document. Bounded so that `make test` stays fast; THILUAT_API_EXAMPLES raises the count.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from contest.accounts.models import User
from contest.accounts.tokens import create_token
from contest.core.extensions import db
from contest.demo.seed import seed_demo


def isolated_call(app, case, headers):
    """Serve the request in its own app context, as production does (own session, own g)."""
    db.session.commit()
    with app.app_context():
        return case.call(headers=headers)


EXAMPLES = int(os.environ.get("THILUAT_API_EXAMPLES", "4"))
ROLES = ("anonymous", "candidate", "organizer", "judge", "admin")


def test_every_operation_documents_its_success_answer(client):
    document = client.get("/api/v1/openapi.json").get_json()
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            success = [s for s in operation["responses"] if s.isdigit() and int(s) < 400]
            documented = [
                s for s in success if int(s) == 204 or operation["responses"][s].get("content")
            ]
            if not documented:
                missing.append(f"{method.upper()} {path}")
    assert missing == []


@pytest.fixture
def headers_by_role(app, now):
    """The demo contest, and a bearer token for one account of each role."""
    result = seed_demo()
    db.session.commit()
    headers = {"anonymous": {}}
    for role in ROLES[1:]:
        user = db.session.scalar(db.select(User).where(User.role == role).limit(1))
        _token, raw = create_token(user, "conformance")
        headers[role] = {"Authorization": f"Bearer {raw}"}
    db.session.commit()
    assert result.contest.id
    return headers


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_conforms_to_the_document(app, headers_by_role, role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = isolated_call(app, case, headers_by_role[role])
            case.validate_response(
                response, checks=[response_schema_conformance, not_a_server_error]
            )

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert failures == [], "\n\n".join(failures)


class Walk:
    """Calls operations of the document with real data and checks each answer against it."""

    def __init__(self, app, headers_by_role):
        self.app = app
        self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        self.headers = headers_by_role
        self.seen: set[str] = set()

    def __call__(self, role, method, path, *, params=None, query=None, body=None, expect=None):
        operation = self.schema[path][method]
        extra = {"body": body, "media_type": "application/json"} if body is not None else {}
        case = operation.Case(path_parameters=params or {}, query=query, **extra)
        response = isolated_call(self.app, case, self.headers[role])
        case.validate_response(response, checks=[response_schema_conformance, not_a_server_error])
        self.seen.add(f"{method} {path}")
        if expect is not None:
            assert response.status_code == expect, (method, path, response.text[:300])
        try:
            return response.json()
        except ValueError:  # a file download
            return None


def test_a_whole_contest_answers_as_documented(app, headers_by_role, now):
    """From entering the contest to the locked prize list, each answer matches its schema."""
    walk = Walk(app, headers_by_role)
    contest = walk("anonymous", "GET", "/contests", expect=200)["items"][0]
    cid, slug = contest["id"], contest["slug"]
    rid = contest["rounds"][0]["id"]
    group = walk("anonymous", "GET", "/contests/{contest_id}", params={"contest_id": cid})
    walk("anonymous", "GET", "/rounds/{round_id}", params={"round_id": rid}, expect=200)
    walk("anonymous", "GET", "/public/contests/{slug}/feed", params={"slug": slug}, expect=200)
    note = {"contest_id": cid}
    body = {"title": "Lịch thi tuần thứ hai", "body": "Mở **sớm hơn**.", "pinned": True}
    posted = walk(
        "organizer", "POST", "/contests/{contest_id}/announcements", params=note, body=body
    )
    note["announcement_id"] = posted["id"]
    path = "/contests/{contest_id}/announcements/{announcement_id}"
    walk("organizer", "PATCH", path, params=note, body={"hidden": False}, expect=200)
    listed = walk("anonymous", "GET", "/contests/{contest_id}/announcements", params=note)
    assert posted["id"] in [item["id"] for item in listed["items"]]
    walk("organizer", "DELETE", path, params=note, expect=204)
    walk("anonymous", "GET", "/auth/csrf", expect=200)
    walk("anonymous", "GET", "/openapi.json", expect=200)

    # A candidate takes the round.
    group_id = group["groups"][0]["id"] if group.get("groups") else None
    walk(
        "candidate",
        "POST",
        "/contests/{contest_id}/participation",
        params={"contest_id": cid},
        body={"group_id": group_id} if group_id else {},
        expect=200,
    )
    attempt = walk(
        "candidate", "POST", "/rounds/{round_id}/attempts", params={"round_id": rid}, expect=201
    )
    aid, question = attempt["id"], attempt["questions"][0]
    walk(
        "candidate",
        "PUT",
        "/attempts/{attempt_id}/answers/{question_id}",
        params={"attempt_id": aid, "question_id": question["id"]},
        body={"option_ids": [question["options"][0]["id"]]},
        expect=200,
    )
    walk("candidate", "GET", "/attempts/{attempt_id}", params={"attempt_id": aid}, expect=200)
    walk(
        "candidate",
        "POST",
        "/attempts/{attempt_id}/submit",
        params={"attempt_id": aid},
        body={"prediction": 3},
        expect=200,
    )
    walk(
        "candidate", "GET", "/attempts/{attempt_id}/result", params={"attempt_id": aid}, expect=200
    )
    walk("candidate", "GET", "/me", expect=200)
    walk("candidate", "GET", "/me/attempts", expect=200)
    token = walk("candidate", "POST", "/me/tokens", body={"name": "script"}, expect=201)
    walk("candidate", "GET", "/me/tokens", expect=200)
    walk(
        "candidate", "DELETE", "/me/tokens/{token_id}", params={"token_id": token["id"]}, expect=204
    )
    walk(
        "candidate",
        "GET",
        "/rounds/{round_id}/leaderboard/me",
        params={"round_id": rid},
        expect=200,
    )

    # Organizers and judges read and act on it.
    walk("organizer", "GET", "/topics", expect=200)
    question_id = walk("organizer", "GET", "/questions", expect=200)["items"][0]["id"]
    walk(
        "organizer",
        "GET",
        "/questions/{question_id}",
        params={"question_id": question_id},
        expect=200,
    )
    walk("organizer", "GET", "/question-imports", expect=200)
    walk(
        "organizer",
        "PATCH",
        "/contests/{contest_id}",
        params={"contest_id": cid},
        body={"description": "Mô tả mới."},
        expect=200,
    )
    for path in (
        "/rounds/{round_id}/dashboard",
        "/rounds/{round_id}/leaderboard",
        "/rounds/{round_id}/statistics",
        "/rounds/{round_id}/items",
        "/rounds/{round_id}/units",
        "/rounds/{round_id}/integrity",
    ):
        walk("judge", "GET", path, params={"round_id": rid}, expect=200)
    walk(
        "judge", "GET", "/contests/{contest_id}/leaderboard", params={"contest_id": cid}, expect=200
    )
    walk("judge", "GET", "/contests/{contest_id}/units", params={"contest_id": cid}, expect=200)
    walk("judge", "GET", "/attempts/{attempt_id}/record", params={"attempt_id": aid}, expect=200)
    job = walk(
        "judge",
        "POST",
        "/rounds/{round_id}/export-jobs",
        params={"round_id": rid},
        body={"kind": "leaderboard", "format": "csv"},
        expect=202,
    )
    walk("judge", "GET", "/export-jobs/{job_id}", params={"job_id": job["id"]}, expect=200)

    # An hour later the round closes; the judges draw up the prize list; results are published.
    now(now() + timedelta(hours=1))
    walk("organizer", "POST", "/rounds/{round_id}/close", params={"round_id": rid}, expect=200)
    prizes = walk(
        "judge",
        "POST",
        "/rounds/{round_id}/prizes",
        params={"round_id": rid},
        body={"tiers": [{"name": "Giải nhất", "count": 1}]},
        expect=200,
    )
    result_id = prizes["id"]
    walk(
        "judge",
        "POST",
        "/prize-results/{result_id}/propose",
        params={"result_id": result_id},
        expect=200,
    )
    walk("judge", "GET", "/prize-results/{result_id}", params={"result_id": result_id}, expect=200)
    walk("judge", "GET", "/rounds/{round_id}/prizes", params={"round_id": rid}, expect=200)
    walk("organizer", "POST", "/rounds/{round_id}/publish", params={"round_id": rid}, expect=200)
    assert len(walk.seen) >= 40
