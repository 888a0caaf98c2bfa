"""Before a round is announced: the checklist, each check named and said in Vietnamese."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.prizes import readiness
from contest.prizes.proposal import TierInput, define_prizes
from contest.rounds.models import RoundState
from tests.factories.rounds import gen_open_round


def draft(**settings):
    round_ = gen_open_round(**{"questions": 3, **settings})
    round_.announced_at = None
    db.session.flush()
    return round_


def checks(round_, now) -> dict[str, bool]:
    return {check.name: check.ok for check in readiness.round_checklist(round_, now())}


def test_a_draft_without_prizes_or_rules_fails_those_checks_in_vietnamese(app, now):
    round_ = draft()
    round_.contest.rules = ""

    result = readiness.round_checklist(round_, now())

    assert {c.name: c.ok for c in result} == {
        "rules": False,
        "questions": True,
        "prizes": False,
        "dates": True,
    }
    assert "Chưa có thể lệ cuộc thi" in next(c.message for c in result if c.name == "rules")
    assert "Chưa xác định cơ cấu giải" in next(c.message for c in result if c.name == "prizes")


def test_questions_short_in_the_bank_and_dates_in_the_past_fail(app, now):
    round_ = draft(questions=3, pool=3)
    round_.blueprint[0].count = 5
    round_.closes_at = now() - timedelta(minutes=1)
    round_.opens_at = now() - timedelta(days=1)

    assert checks(round_, now) | {"rules": True, "prizes": True} == {
        "rules": True,
        "questions": False,
        "prizes": True,
        "dates": False,
    }


def test_announce_is_refused_until_every_check_passes_then_the_round_opens(app, now):
    round_ = draft()
    with pytest.raises(readiness.ChecklistIncomplete) as refused:
        readiness.announce_round(round_, now())
    define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])

    readiness.announce_round(round_, now())

    assert refused.value.details == {"checks": ["prizes"]}
    assert round_.state_at(now()) == RoundState.OPEN
