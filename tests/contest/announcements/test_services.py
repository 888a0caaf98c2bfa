"""Announcements: what the public sees, in which order, and the audit trail of every change."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest.announcements import services
from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from tests.factories.rounds import gen_contest


def test_public_list_puts_pinned_first_then_newest(app, now):
    contest = gen_contest()
    old = services.create(contest, {"title": "Cũ", "published_at": now() - timedelta(days=2)}, None)
    new = services.create(
        contest, {"title": "Mới", "published_at": now() - timedelta(hours=1)}, None
    )
    pinned = services.create(
        contest, {"title": "Ghim", "published_at": now() - timedelta(days=5), "pinned": True}, None
    )

    assert services.public_announcements(contest) == [pinned, new, old]


def test_hidden_and_scheduled_announcements_stay_off_the_public_list(app, now):
    contest = gen_contest()
    services.create(contest, {"title": "Ẩn", "hidden": True}, None)
    services.create(
        contest, {"title": "Sắp đăng", "published_at": now() + timedelta(hours=2)}, None
    )
    shown = services.create(contest, {"title": "Đã đăng"}, None)

    assert services.public_announcements(contest) == [shown]
    now(now() + timedelta(hours=3))
    assert [a.title for a in services.public_announcements(contest)] == ["Sắp đăng", "Đã đăng"]


def test_a_naive_published_at_means_vietnam_time(app, now):
    contest = gen_contest()

    item = services.create(contest, {"title": "Giờ", "published_at": "2026-12-01T08:00"}, None)

    assert item.published_at == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_bad_fields_are_named(app, now):
    contest = gen_contest()

    with pytest.raises(InvalidInput) as refusal:
        services.create(contest, {"title": " ", "published_at": "hôm qua"}, None)

    assert set(refusal.value.details["fields"]) == {"title", "published_at"}


def test_every_change_is_audited_with_what_changed(app, now):
    contest = gen_contest()
    item = services.create(contest, {"title": "Lịch thi", "body": "Tuần 1"}, None)
    services.update(item, {"pinned": True, "title": "Lịch thi"})
    services.delete(item)

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "announcement").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == [
        "announcements.create",
        "announcements.update",
        "announcements.delete",
    ]
    assert entries[1].before == {"pinned": False}
    assert entries[1].after == {"pinned": True}


def test_an_announcement_of_another_contest_is_not_found(app, now):
    item = services.create(gen_contest(), {"title": "Của cuộc thi khác"}, None)

    with pytest.raises(NotFound):
        services.get_announcement(gen_contest(), item.id)
