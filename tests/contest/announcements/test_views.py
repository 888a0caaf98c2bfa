"""Announcement pages: the organizer writes, hides and deletes; the contest page shows them."""

from datetime import timedelta

import pytest

from contest.announcements import services
from contest.announcements.models import Announcement
from contest.core.extensions import db
from tests.contest.readers import html_of
from tests.factories.rounds import gen_contest


@pytest.fixture
def contest(app):
    contest = gen_contest()
    db.session.commit()
    return contest


def test_organizer_posts_an_announcement_that_the_contest_page_shows(
    client, auth, make_user, contest, now
):
    auth.login(make_user("organizer"))

    response = client.post(
        f"/organizer/contests/{contest.id}/announcements",
        data={"title": "Đổi lịch tuần thi 2", "body": "Tuần thi 2 mở *sớm hơn*."},
    )

    assert response.status_code == 302
    html = html_of(client, f"/contests/{contest.slug}")
    assert "Đổi lịch tuần thi 2" in html
    assert "<em>sớm hơn</em>" in html


def test_the_contest_page_lists_announcements_newest_first(client, contest, now):
    services.create(
        contest, {"title": "Thông báo cũ", "published_at": now() - timedelta(days=3)}, None
    )
    services.create(contest, {"title": "Thông báo mới"}, None)
    db.session.commit()

    html = html_of(client, f"/contests/{contest.slug}")

    assert html.index("Thông báo mới") < html.index("Thông báo cũ")


def test_a_blank_title_is_refused_next_to_the_field(client, auth, make_user, contest, now):
    auth.login(make_user("organizer"))

    response = client.post(f"/organizer/contests/{contest.id}/announcements", data={"title": ""})

    assert response.status_code == 200
    assert "Vui lòng nhập tiêu đề thông báo." in response.get_data(as_text=True)
    assert db.session.query(Announcement).count() == 0


def test_hiding_takes_it_off_the_contest_page(client, auth, make_user, contest, now):
    item = services.create(contest, {"title": "Sẽ bị ẩn"}, None)
    db.session.commit()
    auth.login(make_user("organizer"))

    client.post(f"/organizer/contests/{contest.id}/announcements/{item.id}/visibility")

    assert "Sẽ bị ẩn" not in html_of(client, f"/contests/{contest.slug}")
    assert "Sẽ bị ẩn" in html_of(client, f"/organizer/contests/{contest.id}/announcements")


def test_editing_changes_the_text(client, auth, make_user, contest, now):
    item = services.create(contest, {"title": "Bản cũ"}, None)
    db.session.commit()
    auth.login(make_user("organizer"))
    url = f"/organizer/contests/{contest.id}/announcements/{item.id}"
    assert "Bản cũ" in html_of(client, url)

    client.post(url, data={"title": "Bản mới", "published_at": "2026-11-27T08:00"})

    assert "Bản mới" in html_of(client, f"/contests/{contest.slug}")


def test_deleting_removes_it(client, auth, make_user, contest, now):
    item_id = services.create(contest, {"title": "Sẽ bị xoá"}, None).id
    db.session.commit()
    auth.login(make_user("organizer"))

    client.post(f"/organizer/contests/{contest.id}/announcements/{item_id}/delete")

    assert db.session.query(Announcement).filter_by(id=item_id).count() == 0


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_only_organizers_reach_the_announcement_pages(client, auth, make_user, contest, role):
    auth.login(make_user(role))

    assert client.get(f"/organizer/contests/{contest.id}/announcements").status_code == 403
