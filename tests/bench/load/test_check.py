"""The load benchmark's consistency check: it passes a consistent run and names each violation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bench.load.check import check_round
from contest.attempts.models import Attempt
from contest.core.extensions import db
from tests.factories.rounds import gen_open_round, gen_participation


@pytest.fixture
def sitting(client, auth, make_user, tmp_path):
    """One candidate's attempt through the API: 3 saves, a submit; the client's records."""
    round_ = gen_open_round(questions=4, max_attempts=2)
    user = make_user()
    gen_participation(round_.contest, user)
    db.session.commit()
    round_id = round_.id
    auth.login(user)
    sheet = client.post(f"/api/v1/rounds/{round_id}/attempts").get_json()
    acks = []
    for seq, question in enumerate(sheet["questions"][:3], start=1):
        chosen = [question["options"][seq % len(question["options"])]["id"]]
        answer = client.put(
            f"/api/v1/attempts/{sheet['id']}/answers/{question['id']}",
            json={"option_ids": chosen, "seq": seq},
        ).get_json()
        acks.append(
            {
                "attempt": sheet["id"],
                "question": question["id"],
                "option_ids": chosen,
                "seq": seq,
                "saved_at": answer["saved_at"],
            }
        )
    result = client.post(f"/api/v1/attempts/{sheet['id']}/submit", json={}).get_json()
    records = {
        "acks": acks,
        "starts": [{"user": 0, "attempt": sheet["id"], "status": 201}],
        "submits": [{"attempt": sheet["id"], "status": "submitted", "score": result["score"]}],
    }
    return round_id, sheet, records, tmp_path


def _check(round_id: int, folder, records: dict):
    for name, rows in records.items():
        (folder / f"{name}.json").write_text(json.dumps(rows))
    db.session.remove()
    return check_round(folder, round_id)


def test_consistent_run_passes(sitting):
    round_id, _sheet, records, folder = sitting
    verdict = _check(round_id, folder, records)
    assert verdict.ok, verdict.as_dict()
    assert verdict.facts["final attempts recounted"] == 1


def test_acknowledged_answer_missing_from_the_database_is_a_violation(sitting):
    round_id, sheet, records, folder = sitting
    last = sheet["questions"][3]
    records["acks"].append(
        {**records["acks"][0], "question": last["id"], "option_ids": [last["options"][0]["id"]]}
    )
    verdict = _check(round_id, folder, records)
    assert list(verdict.violations) == ["acknowledged answer not stored"]


def test_acknowledged_answer_overwritten_by_an_older_one_is_a_violation(sitting):
    round_id, _sheet, records, folder = sitting
    records["acks"].append({**records["acks"][0], "seq": 99})
    verdict = _check(round_id, folder, records)
    assert list(verdict.violations) == ["acknowledged answer overwritten by an older one"]


def test_score_that_differs_from_a_recount_is_a_violation(sitting):
    round_id, sheet, records, folder = sitting
    attempt = db.session.get(Attempt, sheet["id"])
    attempt.score += 1
    db.session.commit()
    records["submits"] = []
    verdict = _check(round_id, folder, records)
    assert list(verdict.violations) == ["stored score differs from a recount of the stored answers"]


def test_save_acknowledged_after_the_submission_is_a_violation(sitting):
    round_id, sheet, records, folder = sitting
    submitted_at = db.session.get(Attempt, sheet["id"]).submitted_at
    late = (submitted_at + timedelta(seconds=1)).isoformat()
    records["acks"][0] = {**records["acks"][0], "saved_at": late}
    verdict = _check(round_id, folder, records)
    assert "save acknowledged after the submission" in verdict.violations


def test_attempt_never_returned_before_a_later_one_is_a_duplicate(sitting, client):
    round_id, sheet, records, folder = sitting
    later = client.post(f"/api/v1/rounds/{round_id}/attempts").get_json()
    records["starts"] = [{"user": 0, "attempt": later["id"], "status": 201}]
    verdict = _check(round_id, folder, records)
    assert list(verdict.violations) == ["duplicated attempt (never returned; a later one was)"]


def test_start_never_answered_to_the_client_is_counted_not_a_violation(sitting):
    round_id, _sheet, records, folder = sitting
    records["starts"] = []
    verdict = _check(round_id, folder, records)
    assert verdict.ok
    assert verdict.facts["attempts whose start was never answered to the client"] == 1
