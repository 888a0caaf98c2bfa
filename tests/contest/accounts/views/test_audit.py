"""The admin's audit log page: searched by action, object, actor and dates."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from tests.contest.readers import page_text

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def close_and_publish(client, round_, now):
    now(NOW + timedelta(hours=1))
    client.post(
        f"/organizer/contests/rounds/{round_.id}/close",
        data={"confirm": "y", "reason": "Sự cố đường truyền"},
    )
    now(NOW + timedelta(days=3))
    client.post(f"/organizer/contests/rounds/{round_.id}/publish", data={"confirm": "y"})


def actions(client, **query) -> list[str]:
    page = page_text(client.get("/admin/audit", query_string=query))
    return re.findall(r'<tr data-action="([a-z_.]+)">', page)


def test_audit_page_filters_by_action_object_actor_and_dates(client, auth, make_user, demo, now):
    admin = make_user("admin")
    auth.login(admin)
    round_ = demo.rounds[0]
    close_and_publish(client, round_, now)

    assert actions(client, action="rounds.") == ["rounds.publish", "rounds.close"]
    assert actions(client, action="rounds.close") == ["rounds.close"]
    assert actions(client, object_type="round", object_id=str(round_.id)) == [
        "rounds.publish",
        "rounds.close",
    ]
    assert actions(client, actor=admin.email) == ["rounds.publish", "rounds.close"]
    assert actions(client, actor="nobody@example.vn") == []
    assert actions(client, action="rounds.", date_from="2026-11-30") == ["rounds.publish"]
    assert actions(client, action="rounds.", date_to="2026-11-27") == ["rounds.close"]
    assert "contests.create" not in actions(client, action="rounds.")


def test_audit_page_reads_in_vietnamese_words_and_local_times(client, auth, make_user, demo, now):
    auth.login(make_user("admin"))
    close_and_publish(client, demo.rounds[0], now)

    page = " ".join(re.sub(r"<[^>]+>", " ", page_text(client.get("/admin/audit"))).split())

    assert "Kết thúc tuần thi sớm" in page
    assert "Công bố kết quả" in page
    assert f"Tuần thi {demo.rounds[0].id}" in page
    assert "Thời điểm đóng: " in page
    assert " → 27/11/2026 20:00" in page
    assert "Sự cố đường truyền" in page
    assert "rounds.close" not in page
    assert "\\u" not in page
    assert "+00:00" not in page
    assert 'option value="rounds."' in page_text(client.get("/admin/audit"))


def test_audit_log_downloads_as_xlsx_in_vietnamese(client, auth, make_user, demo, now):
    from openpyxl import load_workbook

    auth.login(make_user("admin"))
    close_and_publish(client, demo.rounds[0], now)

    response = client.get("/admin/audit.xlsx", query_string={"action": "rounds.close"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(
        (
            "Thời điểm",
            "Người thực hiện",
            "Thao tác",
            "Đối tượng",
            "Trường",
            "Trước",
            "Sau",
            "Lý do",
            "Mã thao tác",
        )
    )
    lines = rows[header + 1 :]
    assert {line[2] for line in lines} == {"Kết thúc tuần thi sớm"}
    assert ("Thời điểm đóng", "27/11/2026 20:00") in {(line[4], line[6]) for line in lines}
    assert {line[7] for line in lines} == {"Sự cố đường truyền"}


def test_audit_page_is_for_admins_only(client, auth, make_user):
    auth.login(make_user("organizer"))

    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.xlsx").status_code == 403
