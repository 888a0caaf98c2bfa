"""Reopening a locked prize list: asked by one judge with a reason, approved by another, audited;
the database refuses any other way; the list verifies against its export before and after."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, text

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.prizes.decisions import approve
from contest.prizes.models import PrizeStatus
from contest.prizes.unlock import approve_unlock, pending_unlock, request_unlock
from tests.contest.readers import export_csv_parts, html_of
from tests.factories.scenes import gen_locked_list

REASON = "Phát hiện sai sót trong đáp án câu 3"


@pytest.fixture
def locked(app, now, make_user):
    round_, users, result = gen_locked_list(make_user)
    return round_, users, result


def actions(result_id) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_id == str(result_id), AuditEntry.action.like("prize.unlock%"))
            .order_by(AuditEntry.id)
        )
    )


def test_locking_the_list_freezes_its_round(locked):
    round_, _, result = locked
    assert round_.results_locked_at == result.locked_at


def test_an_unlock_needs_a_written_reason(locked, make_user):
    _, _, result = locked
    with pytest.raises(InvalidInput):
        request_unlock(result, "vì", make_user("judge"))


def test_the_judge_who_asked_cannot_approve_alone(locked, make_user):
    _, _, result = locked
    judge = make_user("judge")
    request_unlock(result, REASON, judge)
    with pytest.raises(Conflict) as refused:
        approve_unlock(result, judge)
    assert refused.value.code == "same_judge"
    assert result.is_locked


def test_two_judges_reopen_the_list_and_both_steps_are_audited(locked, make_user):
    round_, _, result = locked
    request_unlock(result, REASON, make_user("judge"))
    approve_unlock(result, make_user("judge"))
    db.session.commit()

    assert result.status == PrizeStatus.DRAFT
    assert not result.is_locked
    assert result.approvals == []
    assert round_.results_locked_at is None
    assert pending_unlock(result) is None
    assert actions(result.id) == ["prize.unlock_request", "prize.unlock"]


def test_a_reopened_list_must_be_approved_twice_again(locked, make_user):
    _, _, result = locked
    request_unlock(result, REASON, make_user("judge"))
    approve_unlock(result, make_user("judge"))
    approve(result, make_user("judge"))
    assert not result.is_locked


def test_the_database_refuses_to_clear_a_lock_without_an_approved_unlock(locked, make_user):
    _, _, result = locked
    request_unlock(result, REASON, make_user("judge"))  # asked, not approved
    db.session.commit()
    with pytest.raises(Exception, match="locked"):  # noqa: PT011 - each engine's own error
        db.session.execute(
            text("UPDATE prize_result SET locked_at = NULL, sha256 = NULL WHERE id = :id"),
            {"id": result.id},
        )
    db.session.rollback()


def checksum_of_export(client, result_id) -> tuple[str, list[list[str]]]:
    title, body = export_csv_parts(client.get(f"/api/v1/prize-results/{result_id}/export.csv").data)
    return hashlib.sha256(body).hexdigest(), title


def test_on_the_api_one_judge_asks_and_another_approves(client, auth, locked, make_user):
    round_, _, result = locked
    first, second = make_user("judge"), make_user("judge")
    auth.login(first)
    url = f"/api/v1/prize-results/{result.id}/unlock-requests"
    asked = client.post(url, json={"reason": REASON})
    assert asked.status_code == 201
    assert asked.get_json()["unlock_request"]["reason"] == REASON
    assert client.post(f"{url}/approve").get_json()["error"]["code"] == "same_judge"
    assert checksum_of_export(client, result.id)[0] == result.sha256  # still locked, still true

    auth.logout()
    auth.login(second)
    approved = client.post(f"{url}/approve")
    assert approved.status_code == 200
    assert approved.get_json()["status"] == "draft"
    assert approved.get_json()["unlock_request"] is None


def test_a_relocked_list_verifies_against_its_export(client, auth, locked, make_user):
    _, _, result = locked
    request_unlock(result, REASON, make_user("judge"))
    approve_unlock(result, make_user("judge"))
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    auth.login(make_user("judge"))
    sha, title = checksum_of_export(client, result.id)
    assert sha == result.sha256
    assert ["SHA-256", result.sha256] in title


def test_on_the_judges_page_one_asks_and_another_approves(client, auth, locked, make_user):
    round_, _, result = locked
    page = f"/results/rounds/{round_.id}/prizes"
    auth.login(make_user("judge"))
    assert "Đề nghị mở khoá" in html_of(client, page)
    client.post(f"/results/prize-results/{result.id}/unlock", data={"reason": REASON})
    assert "Đang chờ một giám khảo khác đồng ý." in html_of(client, page)

    auth.logout()
    auth.login(make_user("judge"))
    assert "Đồng ý mở khoá" in html_of(client, page)
    client.post(f"/results/prize-results/{result.id}/unlock/approve", data={})
    db.session.refresh(result)
    assert not result.is_locked
    assert actions(result.id) == ["prize.unlock_request", "prize.unlock"]
