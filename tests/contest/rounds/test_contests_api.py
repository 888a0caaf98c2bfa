"""Contests on the API: writes for organizers, reads public once published."""

from __future__ import annotations

import pytest

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.rounds.models import BlueprintItem
from tests.factories.rounds import gen_contest, gen_open_round

pytestmark = pytest.mark.usefixtures("now")  # every test runs on the test clock


def test_organizer_creates_a_contest_with_a_generated_slug(client, organizer):
    response = client.post(
        "/api/v1/contests",
        json={
            "title": "Cuộc thi Tìm hiểu Pháp luật 2026",
            "description": "Giới thiệu",
            "rules": "## Thể lệ",
            "status": "draft",
        },
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body["slug"] == "cuoc-thi-tim-hieu-phap-luat-2026"
    assert (body["status"], body["rounds"]) == ("draft", [])
    assert db.session.query(AuditEntry).filter_by(action="contests.create").count() == 1


def test_contest_fields_are_checked_with_vietnamese_messages(client, organizer):
    response = client.post("/api/v1/contests", json={"title": "", "status": "live"})

    assert response.status_code == 400
    fields = response.get_json()["error"]["details"]["fields"]
    assert fields["title"] == "Vui lòng nhập tên cuộc thi."
    assert fields["status"].startswith("Giá trị không hợp lệ")


def test_public_list_shows_published_contests_only_and_staff_see_drafts(client, auth, make_user):
    published, draft = gen_contest(status="published"), gen_contest(status="draft")
    gen_open_round(published, questions=0, name="Tuần 1")

    public = client.get("/api/v1/contests").get_json()
    auth.login(make_user("organizer"))
    staff = client.get("/api/v1/contests?per_page=1&page=2").get_json()

    assert [c["id"] for c in public["items"]] == [published.id]
    assert public["items"][0]["rounds"][0]["name"] == "Tuần 1"
    assert "question_ids" not in public["items"][0]["rounds"][0]
    assert (staff["total"], staff["page"], staff["per_page"]) == (2, 2, 1)
    assert [c["id"] for c in staff["items"]] == [published.id]  # newest first: the draft is page 1
    assert draft.id > published.id


def test_paging_is_checked(client):
    response = client.get("/api/v1/contests?per_page=500")

    assert response.status_code == 400


def test_draft_contest_and_its_rounds_are_404_for_the_public(client, auth, make_user):
    draft = gen_contest(status="draft")
    round_ = gen_open_round(draft, questions=0)

    assert client.get(f"/api/v1/contests/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/rounds/{round_.id}").status_code == 404
    auth.login(make_user("candidate"))
    assert client.get(f"/api/v1/rounds/{round_.id}").status_code == 404
    auth.login(make_user("organizer"))
    assert client.get(f"/api/v1/contests/{draft.id}").status_code == 200


def test_patch_contest_changes_given_fields(client, organizer):
    contest = gen_contest(status="draft")

    response = client.patch(
        f"/api/v1/contests/{contest.id}", json={"status": "published", "required_fields": ["unit"]}
    )

    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["required_fields"]) == (
        "published",
        ["unit"],
    )


def test_session_write_without_csrf_token_is_refused(client, organizer):
    client.send_csrf = False

    response = client.post("/api/v1/contests", json={"title": "A"})

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_banner_is_served_for_published_contests(client):
    from contest.rounds import banners

    contest = gen_contest()
    banners.save_banner(contest, b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    db.session.commit()

    response = client.get(f"/api/v1/contests/{contest.id}/banner")

    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data == b"\x89PNG\r\n\x1a\n" + b"\x00" * 10
    assert client.get(f"/api/v1/contests/{contest.id}").get_json()["banner_url"] == (
        f"/api/v1/contests/{contest.id}/banner"
    )


def test_contest_list_query_count_does_not_grow_with_contests_and_rounds(app, client, two_topics):
    from sqlalchemy import event

    def statements_for_listing() -> int:
        seen = []

        def listener(*args):
            seen.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/api/v1/contests").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    def add_contest_with_rounds() -> None:
        contest = gen_contest()
        for _ in range(2):
            round_ = gen_open_round(contest, questions=0)
            round_.blueprint = [BlueprintItem(topic_id=two_topics[0].topic_id, count=1)]
        db.session.commit()

    add_contest_with_rounds()
    one = statements_for_listing()
    add_contest_with_rounds()
    add_contest_with_rounds()

    assert statements_for_listing() == one
