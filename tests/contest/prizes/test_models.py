"""The database keeps a locked prize list as signed: triggers refuse any change to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from contest.core.extensions import db
from contest.prizes.models import PrizeAward, PrizeResult
from contest.prizes.proposal import (
    TierInput,
    define_prizes,
)
from tests.factories.scenes import gen_field, gen_locked_list


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE prize_result SET sha256 = 'x'",
        "DELETE FROM prize_result",
        "UPDATE prize_award SET rank = 99",
        "DELETE FROM prize_award",
        "UPDATE prize_tier SET count = 5",
        "INSERT INTO prize_exclusion (result_id, user_id, reason, judge_id, at) "
        "SELECT id, 1, 'x', 1, CURRENT_TIMESTAMP FROM prize_result",
    ],
)
def test_locked_list_refuses_every_change_in_the_database(app, now, make_user, statement):
    gen_locked_list(make_user)

    with pytest.raises(DatabaseError):
        db.session.execute(text(statement))
    db.session.rollback()


def test_draft_lists_stay_editable_in_the_database(app, now):
    round_, _ = gen_field([10, 9])
    define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    db.session.commit()

    db.session.execute(text("UPDATE prize_award SET rank = 99"))
    assert db.session.query(PrizeAward).one().rank == 99
    assert db.session.query(PrizeResult).count() == 1
