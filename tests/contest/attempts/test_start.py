"""Starting attempts: the pool frozen at the first start, the draw, resuming, limits, cooldown."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from contest.accounts.models import User
from contest.attempts import answers, submission
from contest.attempts.models import Attempt, AttemptEvent, AttemptEventKind
from contest.attempts.start import (
    AttemptsExhausted,
    Client,
    Cooldown,
    RoundNotOpen,
    RoundNotReady,
    _new_attempt,
    pool_cells,
    start_attempt,
)
from contest.core.audit import AuditEntry, record
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.rounds.models import BlueprintItem, Round, RoundQuestion
from questions.draw import cell_key
from questions.models import Difficulty, Question
from questions.services import OptionInput, QuestionInput, edit_question
from tests.contest.attempts.races import concurrently, postgres_only
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_open_round, gen_participation

CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (Android 10; Mobile)")


def start(round_, user, at):
    attempt, created = start_attempt(round_.id, user, CLIENT, at)
    db.session.commit()
    return attempt, created


def ready_round(candidate, **settings):
    round_ = gen_open_round(**settings)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    return round_


def test_first_start_captures_the_pool_and_freezes_the_settings(app, now, candidate):
    round_ = ready_round(candidate, questions=3, pool=5)
    outsider = gen_question("Chủ đề khác")
    db.session.commit()

    start(round_, candidate, now())

    pool = sorted(db.session.scalars(select(Question.id).where(Question.id != outsider.id)))
    topic_id = db.session.get(Question, pool[0]).topic_id
    assert round_.pool_snapshot == {cell_key(topic_id, None): pool}
    assert round_.settings_frozen_at == now()
    used = dict(db.session.execute(select(Question.id, Question.used_at)).all())
    assert {qid: used[qid] for qid in pool} == dict.fromkeys(pool, now())
    assert used[outsider.id] is None


def test_later_starts_draw_from_the_snapshot_not_from_the_bank(app, now, candidate, make_user):
    round_ = ready_round(candidate, questions=2, pool=2)
    start(round_, candidate, now())
    topic = round_.blueprint[0].topic.name
    newcomer = gen_question(topic)
    other = make_user()
    gen_participation(round_.contest, other)
    db.session.commit()

    attempt, _ = start(round_, other, now())

    assert newcomer.id not in {q.question_id for q in attempt.questions}
    assert len(attempt.questions) == 2


def test_attempt_keeps_the_version_shown_and_its_option_order(app, now, candidate):
    round_ = ready_round(candidate, questions=4)

    attempt, created = start(round_, candidate, now())

    assert created
    assert [q.position for q in attempt.questions] == [1, 2, 3, 4]
    for item in attempt.questions:
        question = db.session.get(Question, item.question_id)
        assert item.version_id == question.current.id
        assert sorted(item.option_order) == sorted(o.id for o in question.current.options)
    assert attempt.started_at == now()
    assert attempt.deadline == now() + timedelta(seconds=600)
    assert (attempt.ip, attempt.user_agent) == (CLIENT.ip, CLIENT.user_agent)


def test_deadline_never_passes_the_round_close(app, now, candidate):
    round_ = ready_round(candidate, questions=1, closes_at=now() + timedelta(minutes=3))

    attempt, _ = start(round_, candidate, now())

    assert attempt.deadline == now() + timedelta(minutes=3)


def test_starting_again_resumes_the_attempt_in_progress(app, now, candidate):
    round_ = ready_round(candidate, questions=2, max_attempts=3)
    first, _ = start(round_, candidate, now())

    now(now() + timedelta(minutes=2))
    again, created = start(round_, candidate, now())

    assert (again.id, created) == (first.id, False)
    assert db.session.query(Attempt).count() == 1
    kinds = db.session.scalars(select(AttemptEvent.kind).order_by(AttemptEvent.id)).all()
    assert kinds == [AttemptEventKind.START, AttemptEventKind.RESUME]


def test_attempt_limit_is_enforced(app, now, candidate):
    round_ = ready_round(candidate, questions=1, max_attempts=2)
    for _ in range(2):
        attempt, _ = start(round_, candidate, now())
        submission.submit_attempt(attempt.id, candidate, None, now())
        db.session.commit()

    with pytest.raises(AttemptsExhausted) as error:
        start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.code == "attempts_exhausted"
    assert error.value.status == 409


def test_cooldown_between_attempts_tells_how_long_to_wait(app, now, candidate):
    round_ = ready_round(candidate, questions=1, max_attempts=3, cooldown_seconds=300)
    attempt, _ = start(round_, candidate, now())
    submission.submit_attempt(attempt.id, candidate, None, now())
    db.session.commit()

    now(now() + timedelta(seconds=100))
    with pytest.raises(Cooldown) as error:
        start_attempt(round_.id, candidate, CLIENT, now())
    assert error.value.details == {"retry_after_seconds": 200}

    db.session.rollback()
    now(now() + timedelta(seconds=200))
    second, created = start(round_, candidate, now())
    assert created
    assert second.number == 2


def test_cooldown_after_an_expired_attempt_counts_from_its_deadline(app, now, candidate):
    round_ = ready_round(
        candidate, questions=1, max_attempts=2, cooldown_seconds=60, time_limit_seconds=120
    )
    start(round_, candidate, now())

    now(now() + timedelta(seconds=150))
    with pytest.raises(Cooldown) as error:
        start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.details == {"retry_after_seconds": 30}


@pytest.mark.parametrize("shift", [timedelta(hours=-2), timedelta(days=8)])
def test_round_must_be_open_to_start(app, now, candidate, shift):
    round_ = ready_round(candidate, questions=1)
    now(now() + shift)

    with pytest.raises(RoundNotOpen) as error:
        start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.code == "round_not_open"
    assert round_.pool_snapshot is None


def test_round_of_a_draft_contest_is_not_found(app, now, candidate):
    round_ = ready_round(candidate, questions=1)
    round_.contest.status = "draft"
    db.session.commit()

    with pytest.raises(NotFound):
        start_attempt(round_.id, candidate, CLIENT, now())


def test_round_of_an_archived_contest_is_not_open(app, now, candidate):
    round_ = ready_round(candidate, questions=1)
    round_.contest.status = "archived"
    db.session.commit()

    with pytest.raises(RoundNotOpen):
        start_attempt(round_.id, candidate, CLIENT, now())


def test_later_attempts_prefer_questions_not_seen_before(app, now, candidate):
    round_ = ready_round(candidate, questions=3, pool=6, max_attempts=2)
    first, _ = start(round_, candidate, now())
    submission.submit_attempt(first.id, candidate, None, now())
    db.session.commit()

    second, _ = start(round_, candidate, now())

    seen = {q.question_id for q in first.questions}
    assert seen.isdisjoint(q.question_id for q in second.questions)


def test_fixed_list_without_shuffling_keeps_its_order(app, now, candidate):
    round_ = ready_round(candidate, questions=0, shuffle_questions=False, shuffle_options=False)
    chosen = [gen_question("Luật Giao thông") for _ in range(4)]
    order = [chosen[2], chosen[0], chosen[3], chosen[1]]
    round_.fixed_questions = [
        RoundQuestion(question_id=q.id, position=i) for i, q in enumerate(order)
    ]
    db.session.commit()

    attempt, _ = start(round_, candidate, now())

    assert [q.question_id for q in attempt.questions] == [q.id for q in order]
    first = db.session.get(Question, order[0].id)
    assert attempt.questions[0].option_order == [o.id for o in first.current.options]


def test_round_without_enough_questions_does_not_start_or_freeze(app, now, candidate):
    round_ = ready_round(candidate, questions=3)
    retired = db.session.scalars(select(Question)).first()
    retired.active = False
    db.session.commit()

    with pytest.raises(RoundNotReady):
        start_attempt(round_.id, candidate, CLIENT, now())

    db.session.rollback()
    assert round_.pool_snapshot is None
    assert round_.settings_frozen_at is None


def test_edited_question_keeps_the_version_an_attempt_showed(app, now, candidate):
    round_ = ready_round(candidate, questions=1)
    attempt, _ = start(round_, candidate, now())
    question = db.session.get(Question, attempt.questions[0].question_id)
    shown = question.current.id
    edit_question(
        question,
        QuestionInput(
            text="Nội dung đã sửa?",
            qtype=question.qtype,
            topic=question.topic.name,
            difficulty=question.difficulty,
            options=[OptionInput("X", True), OptionInput("Y", False)],
        ),
    )
    db.session.commit()

    items = answers.sheet(attempt)

    assert attempt.questions[0].version_id == shown
    assert items[0].text != "Nội dung đã sửa?"
    assert len(items[0].options) == 4


def test_blueprint_by_difficulty_draws_from_each_cell(app, now, candidate):
    round_ = gen_open_round(questions=1, pool=3, topic="Luật Đất đai")
    round_.blueprint[0].difficulty = Difficulty.EASY
    hard = [gen_question("Luật Đất đai", "hard") for _ in range(2)]
    round_.blueprint.append(
        BlueprintItem(topic_id=hard[0].topic_id, difficulty=Difficulty.HARD, count=2)
    )
    gen_participation(round_.contest, candidate)
    db.session.commit()

    attempt, _ = start(round_, candidate, now())

    drawn = {item.question_id for item in attempt.questions}
    assert {q.id for q in hard} <= drawn
    assert len(drawn) == 3


@pytest.mark.postgres_only
@postgres_only
def test_a_start_that_loses_the_race_keeps_what_its_caller_wrote_before(
    app, now, candidate, make_user, monkeypatch
):
    round_ = ready_round(candidate, questions=2)
    first_comer = make_user()
    gen_participation(round_.contest, first_comer)
    db.session.commit()
    start(round_, first_comer, now())  # the pool is captured: the two tabs race on the insert only
    both_checked = threading.Barrier(2, timeout=10)

    def racing_new_attempt(*args):
        both_checked.wait()  # both tabs saw no attempt in progress: now both insert one
        return _new_attempt(*args)

    monkeypatch.setattr("contest.attempts.start._new_attempt", racing_new_attempt)
    round_id, user_id = round_.id, candidate.id
    db.session.commit()

    def tab(number):
        user = db.session.get(User, user_id)
        record("tab.opened", "tab", number, actor=user)  # the caller's own earlier write
        db.session.flush()
        _attempt, created = start_attempt(round_id, user, CLIENT, now())
        db.session.commit()
        return created

    created = concurrently(app, [lambda: tab(1), lambda: tab(2)])

    assert sorted(created) == [False, True]
    db.session.expire_all()
    assert sorted(db.session.scalars(select(AuditEntry.object_id))) == ["1", "2"]
    mine = db.session.scalars(select(Attempt).where(Attempt.user_id == user_id)).all()
    assert len(mine) == 1


@pytest.mark.postgres_only
@postgres_only
def test_capturing_the_pool_does_not_queue_behind_starts_writing_attempts_of_the_round(
    app, now, candidate
):
    """At a round's open, starts inserting their attempt hold the round's key (the foreign
    key's share lock) while they wait for one another; the start capturing the pool must not
    wait for them (three such starts deadlocked in the open model of 10,000)."""
    round_ = ready_round(candidate, questions=3)
    round_id = round_.id
    with db.engine.connect() as another_start:
        another_start.execute(
            select(Round.id).where(Round.id == round_id).with_for_update(read=True, key_share=True)
        )  # FOR KEY SHARE, as its attempt's insert takes it
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))

        cells = pool_cells(db.session.get(Round, round_id), now())

        another_start.rollback()
    assert cells
    assert db.session.get(Round, round_id).pool_snapshot is not None
