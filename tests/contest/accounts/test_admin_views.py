"""The admin's audit log page: searched by action, object, actor and dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.rounds.models import Contest

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo(runner, now):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Contest).where(Contest.slug == "tim-hieu-phap-luat-2026"))


def text(response) -> str:
    return response.get_data(as_text=True)


def test_audit_page_filters_by_action_object_actor_and_dates(client, auth, make_user, demo, now):
    admin = make_user("admin")
    auth.login(admin)
    round_ = demo.rounds[0]
    now(NOW + timedelta(hours=1))
    client.post(f"/organizer/contests/rounds/{round_.id}/close")
    now(NOW + timedelta(days=3))
    client.post(f"/organizer/contests/rounds/{round_.id}/publish")

    def actions(**query) -> list[str]:
        page = text(client.get("/admin/audit", query_string=query))
        return re.findall(r"<td><code>([a-z_.]+)</code></td>", page)

    assert actions(action="rounds.") == ["rounds.publish", "rounds.close"]
    assert actions(action="rounds.close") == ["rounds.close"]
    assert actions(object_type="round", object_id=str(round_.id)) == [
        "rounds.publish",
        "rounds.close",
    ]
    assert actions(actor=admin.email) == ["rounds.publish", "rounds.close"]
    assert actions(actor="nobody@example.vn") == []
    assert actions(action="rounds.", date_from="2026-11-30") == ["rounds.publish"]
    assert actions(action="rounds.", date_to="2026-11-27") == ["rounds.close"]
    assert "contests.create" not in actions(action="rounds.")
