"""Entering a contest: rules accepted once, participant group, minimum age, required fields."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from contest.accounts.models import User
from contest.attempts import lobby
from contest.attempts.lobby import _chosen_group
from contest.attempts.start import Client, start_attempt
from contest.core.audit import AuditEntry, record
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.rounds.models import Contest, Participation
from tests.contest.attempts.races import concurrently, postgres_only
from tests.factories.rounds import gen_group, gen_open_round, gen_participation


def start(round_, user, at):
    return start_attempt(round_.id, user, Client(), at)


def test_start_needs_the_rules_accepted(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1)
    db.session.commit()

    with pytest.raises(lobby.RulesNotAccepted) as error:
        start(round_, user, now())

    assert (error.value.status, error.value.code) == (409, "rules_not_accepted")
    assert "thể lệ" in error.value.message


def test_accepting_the_rules_records_the_time_once(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1)
    first = lobby.accept_rules(round_.contest, user, None, now())
    db.session.commit()
    accepted = now()

    now(datetime(2026, 11, 28, tzinfo=UTC))
    again = lobby.accept_rules(round_.contest, user, None, now())
    db.session.commit()

    assert again.id == first.id
    assert again.rules_accepted_at == accepted
    assert db.session.query(Participation).count() == 1
    attempt, created = start(round_, user, now())
    assert created


def test_contest_with_groups_asks_for_one(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1)
    gen_group(round_.contest)

    with pytest.raises(InvalidInput) as error:
        lobby.accept_rules(round_.contest, user, None, now())

    assert "group_id" in error.value.details["fields"]


def test_group_not_eligible_is_refused_with_its_name(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1)
    closed = gen_group(round_.contest, "Học sinh tiểu học", eligible=False)

    with pytest.raises(lobby.NotEligible) as error:
        lobby.accept_rules(round_.contest, user, closed.id, now())

    assert error.value.status == 403
    assert "Học sinh tiểu học" in error.value.message


def test_group_made_ineligible_later_blocks_the_start(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1)
    group = gen_group(round_.contest)
    gen_participation(round_.contest, user, group)
    group.eligible = False
    db.session.commit()

    with pytest.raises(lobby.NotEligible):
        start(round_, user, now())


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        (date(2008, 11, 28), True),  # 18 today in Vietnam (27/11 19:00 UTC is 28/11 02:00 there)
        (date(2008, 11, 29), False),  # 18 tomorrow
    ],
)
def test_minimum_age_is_counted_on_the_vietnamese_date(app, now, make_user, birth_date, allowed):
    now(datetime(2026, 11, 27, 19, 0, tzinfo=UTC))
    user = make_user(birth_date=birth_date)
    round_ = gen_open_round(questions=1)
    round_.contest.min_age = 18
    gen_participation(round_.contest, user)
    db.session.commit()

    if allowed:
        assert start(round_, user, now())[1]
    else:
        with pytest.raises(lobby.NotEligible) as error:
            start(round_, user, now())
        assert "18 tuổi" in error.value.message


def test_missing_required_registration_fields_are_named(app, now, make_user):
    user = make_user(email=None)
    round_ = gen_open_round(questions=1)
    round_.contest.required_fields = ["unit", "email", "phone"]
    db.session.commit()

    with pytest.raises(lobby.ProfileIncomplete) as error:
        lobby.accept_rules(round_.contest, user, None, now())

    assert error.value.status == 409
    assert set(error.value.details["fields"]) == {"unit", "email"}
    assert "Cơ quan, đơn vị" in error.value.message
    assert "Email" in error.value.message


def test_round_entries_show_attempts_left_and_cooldown(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=1, max_attempts=2, cooldown_seconds=600)
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt, _ = start(round_, user, now())
    db.session.commit()

    (entry,) = lobby.round_entries(round_.contest, user, now())
    assert (entry.attempts_used, entry.attempts_left, entry.in_progress.id) == (1, 1, attempt.id)
    assert not entry.can_start

    now(now().replace(hour=13))
    (entry,) = lobby.round_entries(round_.contest, user, now())
    assert entry.in_progress is None
    assert entry.latest_final.id == attempt.id
    assert entry.cooldown_seconds == 0
    assert entry.can_start


def test_minimum_age_asks_for_a_missing_birth_date(app, now, make_user):
    user = make_user(birth_date=None)
    round_ = gen_open_round(questions=1)
    round_.contest.min_age = 16
    db.session.commit()

    with pytest.raises(lobby.ProfileIncomplete) as error:
        lobby.accept_rules(round_.contest, user, None, now())

    assert set(error.value.details["fields"]) == {"birth_date"}
    assert "Ngày sinh" in error.value.message


@pytest.mark.postgres_only
@postgres_only
def test_a_double_click_on_the_rules_records_one_acceptance_and_keeps_earlier_writes(
    app, now, make_user, monkeypatch
):
    user = make_user()
    round_ = gen_open_round(questions=1)
    group = gen_group(round_.contest)
    contest_id, user_id, group_id = round_.contest_id, user.id, group.id
    db.session.commit()
    both_chose = threading.Barrier(2, timeout=10)

    def racing_choice(*args):
        chosen = _chosen_group(*args)
        both_chose.wait()  # both clicks saw no acceptance: now both insert one
        return chosen

    monkeypatch.setattr("contest.attempts.lobby._chosen_group", racing_choice)

    def click(number):
        contest, clicker = db.session.get(Contest, contest_id), db.session.get(User, user_id)
        record("rules.clicked", "click", number, actor=clicker)  # the caller's own earlier write
        db.session.flush()
        entry = lobby.accept_rules(contest, clicker, group_id, now())
        db.session.commit()
        return entry.id

    entries = concurrently(app, [lambda: click(1), lambda: click(2)])

    assert entries[0] == entries[1]
    db.session.expire_all()
    assert db.session.query(Participation).count() == 1
    assert sorted(db.session.scalars(select(AuditEntry.object_id))) == ["1", "2"]
