"""Saving answers: change, clear, validation, the deadline and its grace, late saves on record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from contest.attempts import answers, start, submission
from contest.attempts.models import Answer, Attempt, AttemptEventKind, AttemptStatus
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.rounds.models import Round
from tests.contest.attempts.taking import (
    CLIENT,
    begin,
    events,
    fill_in_item,
    fill_in_round,
    owner,
    save,
    type_answer,
)
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_open_round, gen_participation

GRACE = timedelta(seconds=2)


def test_answer_can_be_saved_changed_and_cleared(attempt, now):
    item = attempt.questions[0]
    save(attempt, 0, [0], now())
    now(now() + timedelta(seconds=30))
    save(attempt, 0, [1], now())
    answer = save(attempt, 0, [], now())

    assert (answer.option_ids, answer.save_count, answer.saved_at) == ([], 3, now())
    saves = events(AttemptEventKind.SAVE)
    assert [e.option_ids for e in saves] == [[item.option_order[0]], [item.option_order[1]], []]
    assert {(e.ip, e.user_agent) for e in saves} == {(CLIENT.ip, CLIENT.user_agent)}


def test_older_save_arriving_late_never_overwrites_a_newer_one(attempt, now):
    save(attempt, 0, [1], now(), seq=2000)
    answer = save(attempt, 0, [0], now(), seq=1000)

    assert answer.option_ids == [attempt.questions[0].option_order[1]]
    answer = save(attempt, 0, [2], now(), seq=3000)
    assert answer.option_ids == [attempt.questions[0].option_order[2]]


def test_option_of_another_question_is_refused(attempt, now):
    other = attempt.questions[1].option_order[0]

    with pytest.raises(answers.InvalidOption) as error:
        answers.save_answer(
            attempt.id,
            owner(attempt),
            attempt.questions[0].question_id,
            [other],
            client=CLIENT,
            now=now(),
        )

    assert (error.value.status, error.value.code) == (400, "invalid_option")


def test_single_choice_question_takes_one_option(attempt, now):
    with pytest.raises(answers.InvalidOption):
        save(attempt, 0, [0, 1], now())


def test_multiple_choice_question_takes_several_options(app, now, make_user):
    user = make_user()
    round_ = gen_open_round(questions=0)
    question = gen_question("Luật Hôn nhân", qtype="multiple", correct=(0, 2))
    from contest.rounds.models import RoundQuestion

    round_.fixed_questions = [RoundQuestion(question_id=question.id, position=0)]
    gen_participation(round_.contest, user)
    db.session.commit()
    attempt, _ = start.start_attempt(round_.id, user, CLIENT, now())

    answer = save(attempt, 0, [0, 2, 3], now())

    assert len(answer.option_ids) == 3


def test_question_outside_the_attempt_is_not_found(attempt, now):
    stranger = gen_question("Chủ đề lạ")
    db.session.commit()

    with pytest.raises(NotFound):
        answers.save_answer(attempt.id, owner(attempt), stranger.id, [], client=CLIENT, now=now())


def test_save_within_the_grace_after_the_deadline_counts(attempt, now):
    now(attempt.deadline + GRACE)
    save(attempt, 0, [0], now())

    assert db.session.scalar(select(Answer.option_ids)) == [attempt.questions[0].option_order[0]]
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_expired_attempt_rejects_late_answer_and_keeps_it_on_record(attempt, now):
    save(attempt, 0, [0], now())
    now(attempt.deadline + GRACE + timedelta(milliseconds=1))

    with pytest.raises(answers.AttemptClosed) as error:
        save(attempt, 1, [1], now())
    db.session.commit()  # as the views do: the refusal is recorded

    assert (error.value.status, error.value.code) == (409, "attempt_closed")
    (late,) = events(AttemptEventKind.LATE_SAVE)
    assert (late.question_id, late.option_ids) == (
        attempt.questions[1].question_id,
        [attempt.questions[1].option_order[1]],
    )
    assert (late.at, late.ip) == (now(), CLIENT.ip)
    assert db.session.query(Answer).count() == 1
    assert attempt.status == AttemptStatus.EXPIRED


def test_submitted_attempt_rejects_further_saves(attempt, now):
    submission.submit_attempt(attempt.id, owner(attempt), None, now())
    db.session.commit()

    with pytest.raises(answers.AttemptClosed):
        save(attempt, 0, [0], now())
    db.session.commit()

    assert len(events(AttemptEventKind.LATE_SAVE)) == 1


def test_round_closed_early_closes_the_attempt_in_progress(attempt, now):
    attempt.round.closes_at = now() + timedelta(minutes=1)
    db.session.commit()

    now(now() + timedelta(minutes=1) + GRACE + timedelta(seconds=1))
    with pytest.raises(answers.AttemptClosed):
        save(attempt, 0, [0], now())


def test_grace_comes_from_the_configuration(attempt, now, app):
    app.config["ANSWER_GRACE_SECONDS"] = 10
    try:
        now(attempt.deadline + timedelta(seconds=9))
        save(attempt, 0, [0], now())
        now(attempt.deadline + timedelta(seconds=11))
        with pytest.raises(answers.AttemptClosed):
            save(attempt, 0, [1], now())
    finally:
        app.config["ANSWER_GRACE_SECONDS"] = 2


# --- fill-in questions ----------------------------------------------------------------------------


@pytest.fixture
def fill_in_attempt(app, now, make_user):
    user = make_user()
    round_ = fill_in_round()
    gen_participation(round_.contest, user)
    db.session.commit()
    return begin(round_, user, now())


def test_a_typed_answer_is_saved_changed_and_cleared(fill_in_attempt, now):
    first = type_answer(fill_in_attempt, "  Quốc   hội ", now())
    assert (first.text, first.option_ids) == ("Quốc hội", [])
    changed = type_answer(fill_in_attempt, "Chính phủ", now())
    assert (changed.text, changed.save_count) == ("Chính phủ", 2)
    cleared = type_answer(fill_in_attempt, "", now())
    assert cleared.text is None
    saves = events(AttemptEventKind.SAVE)
    assert [(e.text, e.option_ids) for e in saves] == [
        ("Quốc hội", None),
        ("Chính phủ", None),
        (None, None),
    ]


def test_option_ids_for_a_fill_in_question_are_refused(fill_in_attempt, now):
    item = fill_in_item(fill_in_attempt)
    other = fill_in_attempt.questions[0].option_order[0]
    with pytest.raises(answers.InvalidAnswer):
        answers.save_answer(
            fill_in_attempt.id,
            owner(fill_in_attempt),
            item.question_id,
            [other],
            client=CLIENT,
            now=now(),
        )


def test_text_for_a_choice_question_is_refused(fill_in_attempt, now):
    choice = fill_in_attempt.questions[0]
    with pytest.raises(answers.InvalidOption):
        answers.save_answer(
            fill_in_attempt.id,
            owner(fill_in_attempt),
            choice.question_id,
            None,
            text="A",
            client=CLIENT,
            now=now(),
        )


def test_a_typed_answer_over_the_limit_is_refused(fill_in_attempt, now):
    with pytest.raises(answers.InvalidAnswer):
        type_answer(fill_in_attempt, "x" * 201, now())


def test_a_late_typed_answer_is_refused_and_kept_on_record(fill_in_attempt, now):
    now(fill_in_attempt.deadline + timedelta(seconds=3))
    with pytest.raises(answers.AttemptClosed):
        type_answer(fill_in_attempt, "Quốc hội", now())
    db.session.commit()
    (late,) = events(AttemptEventKind.LATE_SAVE)
    assert (late.text, late.option_ids) == ("Quốc hội", None)


def test_the_sheet_shows_the_typed_answer_and_no_key(fill_in_attempt, now):
    type_answer(fill_in_attempt, "Quốc hội", now())
    item = next(i for i in answers.sheet(fill_in_attempt) if i.fill_in)
    assert (item.typed, item.options, item.points, item.answered) == ("Quốc hội", [], 2.0, True)


def test_a_save_is_timed_once_the_attempt_is_locked_not_when_it_arrived(attempt, now):
    now(now() + timedelta(seconds=40))
    arrived = now() - timedelta(seconds=3)  # read the clock, then waited behind another request

    answer = save(attempt, 0, [0], arrived)

    assert answer.saved_at == now()


def test_a_save_reads_its_attempt_as_a_row_and_loads_no_object(attempt, now):
    """Every answer runs a save: the attempt and its round are not built as objects for it."""
    item, candidate, attempt_id = attempt.questions[0], owner(attempt), attempt.id
    chosen = [item.option_order[0]]
    db.session.expire_all()  # as in a new request: nothing of the attempt in memory
    loaded = []

    def note(target, *_args):
        loaded.append(target)

    for name in ("load", "refresh"):
        event.listen(Attempt, name, note)
        event.listen(Round, name, note)
    try:
        answer = answers.save_answer(
            attempt_id, candidate, item.question_id, chosen, client=CLIENT, now=now()
        )
    finally:
        for name in ("load", "refresh"):
            event.remove(Attempt, name, note)
            event.remove(Round, name, note)

    assert answer.option_ids == chosen
    assert loaded == []
