"""Starting attempts: the pool frozen at the first start, the draw, resuming, limits, cooldown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.attempts import answers, submission
from contest.attempts import start as attempts
from contest.attempts.models import Attempt, AttemptEvent, AttemptEventKind, AttemptStatus
from contest.attempts.own_attempts import user_attempts
from contest.attempts.start import Client
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.rounds.models import RoundQuestion
from questions.draw import cell_key
from questions.models import Question
from questions.services import OptionInput, QuestionInput, edit_question
from tests.contest.factories import enter, make_question, make_round

CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (Android 10; Mobile)")


def start(round_, user, at):
    attempt, created = attempts.start_attempt(round_.id, user, CLIENT, at)
    db.session.commit()
    return attempt, created


@pytest.fixture
def candidate(make_user):
    return make_user()


def ready_round(candidate, **settings):
    round_ = make_round(**settings)
    enter(round_.contest, candidate)
    db.session.commit()
    return round_


def test_first_start_captures_the_pool_and_freezes_the_settings(app, now, candidate):
    round_ = ready_round(candidate, questions=3, pool=5)
    outsider = make_question("Chủ đề khác")
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
    newcomer = make_question(topic)
    other = make_user()
    enter(round_.contest, other)
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

    with pytest.raises(attempts.AttemptsExhausted) as error:
        attempts.start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.code == "attempts_exhausted"
    assert error.value.status == 409


def test_cooldown_between_attempts_tells_how_long_to_wait(app, now, candidate):
    round_ = ready_round(candidate, questions=1, max_attempts=3, cooldown_seconds=300)
    attempt, _ = start(round_, candidate, now())
    submission.submit_attempt(attempt.id, candidate, None, now())
    db.session.commit()

    now(now() + timedelta(seconds=100))
    with pytest.raises(attempts.Cooldown) as error:
        attempts.start_attempt(round_.id, candidate, CLIENT, now())
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
    with pytest.raises(attempts.Cooldown) as error:
        attempts.start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.details == {"retry_after_seconds": 30}


@pytest.mark.parametrize("shift", [timedelta(hours=-2), timedelta(days=8)])
def test_round_must_be_open_to_start(app, now, candidate, shift):
    round_ = ready_round(candidate, questions=1)
    now(now() + shift)

    with pytest.raises(attempts.RoundNotOpen) as error:
        attempts.start_attempt(round_.id, candidate, CLIENT, now())

    assert error.value.code == "round_not_open"
    assert round_.pool_snapshot is None


def test_round_of_a_draft_contest_is_not_found(app, now, candidate):
    round_ = ready_round(candidate, questions=1)
    round_.contest.status = "draft"
    db.session.commit()

    with pytest.raises(NotFound):
        attempts.start_attempt(round_.id, candidate, CLIENT, now())


def test_round_of_an_archived_contest_is_not_open(app, now, candidate):
    round_ = ready_round(candidate, questions=1)
    round_.contest.status = "archived"
    db.session.commit()

    with pytest.raises(attempts.RoundNotOpen):
        attempts.start_attempt(round_.id, candidate, CLIENT, now())


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
    chosen = [make_question("Luật Giao thông") for _ in range(4)]
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

    with pytest.raises(attempts.RoundNotReady):
        attempts.start_attempt(round_.id, candidate, CLIENT, now())

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


def test_history_lists_every_attempt_and_expires_those_out_of_time(app, now, candidate):
    round_ = ready_round(candidate, questions=1, max_attempts=2)
    first, _ = start(round_, candidate, now())
    submission.submit_attempt(first.id, candidate, None, now())
    db.session.commit()
    second, _ = start(round_, candidate, now())

    now(now() + timedelta(hours=1))
    history = user_attempts(candidate, now())

    assert [(a.id, a.status) for a in history] == [
        (second.id, AttemptStatus.EXPIRED),
        (first.id, AttemptStatus.SUBMITTED),
    ]
