"""The contest's Atom feed, and the embed snippet that names it, on the contest page."""

from datetime import timedelta
from xml.etree import ElementTree

from contest.announcements import services
from contest.core.extensions import db
from tests.factories.rounds import gen_contest, gen_open_round

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_announcements_and_published_results_newest_first(client, app, now):
    contest = gen_contest()
    round_ = gen_open_round(
        contest, name="Tuần thi thứ nhất", announced_at=now() - timedelta(days=9)
    )
    round_.opens_at, round_.closes_at = now() - timedelta(days=8), now() - timedelta(days=1)
    round_.results_published_at = now() - timedelta(hours=12)
    services.create(contest, {"title": "Lịch thi", "published_at": now() - timedelta(days=2)}, None)
    services.create(contest, {"title": "<b>Khai mạc</b>", "body": "Chào **mừng**"}, None)
    services.create(contest, {"title": "Ẩn", "hidden": True}, None)
    db.session.commit()

    response = client.get(f"/contests/{contest.slug}/feed.atom")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.data)  # noqa: S314 - our own answer, not untrusted
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["<b>Khai mạc</b>", "Công bố kết quả: Tuần thi thứ nhất", "Lịch thi"]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.findtext(f"{ATOM}content") == "<p>Chào <strong>mừng</strong></p>\n"


def test_a_draft_contest_has_no_feed(client, app, now):
    draft = gen_contest(status="draft")
    db.session.commit()

    assert client.get(f"/contests/{draft.slug}/feed.atom").status_code == 404


def test_contest_page_offers_the_iframe_snippet_and_the_feed_to_copy(client, app, now):
    contest = gen_contest(title='Cuộc thi "Pháp luật & đời sống"')
    db.session.commit()

    html = client.get(f"/contests/{contest.slug}").get_data(as_text=True)

    assert 'id="embed-snippet"' in html
    assert f"&lt;iframe src=&#34;http://localhost/contests/{contest.slug}/widget&#34;" in html
    assert f'value="http://localhost/contests/{contest.slug}/feed.atom"' in html
    # shown as text, so that the copy is the HTML to paste, quotes escaped in the attribute
    assert "title=&#34;Cuộc thi &amp;quot;Pháp luật &amp; đời sống&amp;quot;&#34;" in html
    assert 'data-copy="embed-snippet"' in html
    assert "js/copy.js" in html


def test_widget_shows_the_time_window_and_time_left(client, app, now):
    contest = gen_contest()
    gen_open_round(
        contest,
        name="Tuần thi đang mở",
        announced_at=now() - timedelta(days=1),
        opens_at=now() - timedelta(hours=1),
        closes_at=now() + timedelta(hours=5),
    )
    db.session.commit()

    html = client.get(f"/contests/{contest.slug}/widget").get_data(as_text=True)

    assert "Tuần thi đang mở" in html
    assert "Từ 27/11/2026 18:00 đến 28/11/2026 00:00" in html
    assert 'class="widget-countdown"' in html
    assert "Tham gia cuộc thi" in html
