"""The announcements API: public reads, organizer writes, the contract's errors."""

from datetime import timedelta

import pytest

from contest.announcements import services
from contest.core.extensions import db
from tests.factories.rounds import gen_contest


@pytest.fixture
def contest(app):
    contest = gen_contest()
    db.session.commit()
    return contest


def test_anyone_reads_the_published_announcements_newest_first(client, contest, now):
    services.create(contest, {"title": "Cũ", "published_at": now() - timedelta(days=1)}, None)
    services.create(contest, {"title": "Mới", "body": "**Quan trọng**"}, None)
    services.create(contest, {"title": "Ẩn", "hidden": True}, None)
    db.session.commit()

    answer = client.get(f"/api/v1/contests/{contest.id}/announcements").get_json()

    assert [item["title"] for item in answer["items"]] == ["Mới", "Cũ"]
    assert (answer["total"], answer["page"], answer["per_page"]) == (2, 1, 50)
    assert answer["items"][0]["body_html"] == "<p><strong>Quan trọng</strong></p>\n"


def test_organizer_posts_edits_and_deletes(client, auth, make_user, contest, now):
    auth.login(make_user("organizer"))
    url = f"/api/v1/contests/{contest.id}/announcements"

    created = client.post(url, json={"title": "Lịch thi", "body": "<script>x</script>"})
    assert created.status_code == 201
    item = created.get_json()
    assert "<script>" not in item["body_html"]

    changed = client.patch(f"{url}/{item['id']}", json={"hidden": True, "pinned": True})
    assert changed.status_code == 200
    assert changed.get_json()["hidden"] is True
    assert [i["id"] for i in client.get(url).get_json()["items"]] == [item["id"]]  # staff see it

    assert client.delete(f"{url}/{item['id']}").status_code == 204
    assert client.get(url).get_json()["items"] == []


def test_bad_input_names_the_fields(client, auth, make_user, contest, now):
    auth.login(make_user("organizer"))

    url = f"/api/v1/contests/{contest.id}/announcements"
    blank = client.post(url, json={"title": "  "})
    bad_time = client.post(url, json={"title": "Lịch thi", "published_at": "hôm nay"})

    assert (blank.status_code, bad_time.status_code) == (400, 400)
    assert set(blank.get_json()["error"]["details"]["fields"]) == {"title"}
    assert set(bad_time.get_json()["error"]["details"]["fields"]) == {"published_at"}


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_only_organizers_write(client, auth, make_user, contest, now, role):
    auth.login(make_user(role))

    response = client.post(f"/api/v1/contests/{contest.id}/announcements", json={"title": "X"})

    assert response.status_code == 403


def test_anonymous_writes_need_sign_in(client, contest, now):
    response = client.post(f"/api/v1/contests/{contest.id}/announcements", json={"title": "X"})

    assert response.status_code == 401


def test_a_draft_contest_has_no_public_announcements(client, app, now):
    draft = gen_contest(status="draft")
    db.session.commit()

    assert client.get(f"/api/v1/contests/{draft.id}/announcements").status_code == 404


def test_patching_an_announcement_of_another_contest_is_not_found(
    client, auth, make_user, contest, now
):
    other = services.create(gen_contest(), {"title": "Khác"}, None)
    db.session.commit()
    auth.login(make_user("organizer"))

    url = f"/api/v1/contests/{contest.id}/announcements/{other.id}"
    assert client.patch(url, json={"title": "Y"}).status_code == 404
