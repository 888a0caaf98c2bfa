"""Integrity flags: shared identity, one IP behind many accounts, impossibly fast attempts,
identical answers saved together, refused late saves."""

from __future__ import annotations

from datetime import date, timedelta

from contest.attempts.models import AttemptEvent, AttemptEventKind
from contest.core.extensions import db
from contest.integrity import flags
from contest.rounds.models import RoundQuestion
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt
from tests.factories.questions import gen_question
from tests.factories.rounds import OPENS, gen_round

T0 = OPENS + timedelta(hours=3)


def kinds(flags, kind):
    return [f for f in flags if f.kind == kind]


def test_phones_equal_once_normalized_are_flagged(app):
    round_ = gen_round()
    a = gen_candidate("An", phone="0912345678")
    b = gen_candidate("Bình", phone="+84 912 345 678")
    gen_candidate("Không dự thi", phone="84912345678")
    for user in (a, b):
        gen_attempt(round_, user)

    (flag,) = flags.shared_identity(round_)

    assert flag.user_ids == sorted([a.id, b.id])
    assert "0912345678" in flag.detail


def test_cccd_that_lost_its_leading_zeros_is_flagged(app):
    round_ = gen_round()
    a = gen_candidate("An", id_number="001090000123")
    b = gen_candidate("Bình", id_number="1090000123")
    for user in (a, b):
        gen_attempt(round_, user)

    (flag,) = flags.shared_identity(round_)

    assert flag.user_ids == sorted([a.id, b.id])
    assert "CCCD" in flag.detail


def test_same_name_and_birth_date_is_flagged_whatever_the_diacritics(app):
    round_ = gen_round()
    a = gen_candidate("Nguyễn Văn An", birth_date=date(1990, 5, 1))
    b = gen_candidate("nguyen  van an", birth_date=date(1990, 5, 1))
    c = gen_candidate("Nguyễn Văn An", birth_date=date(1991, 5, 1))
    for user in (a, b, c):
        gen_attempt(round_, user)

    (flag,) = flags.shared_identity(round_)

    assert flag.user_ids == sorted([a.id, b.id])


def test_many_accounts_from_one_ip_in_a_short_window_are_flagged(app):
    round_ = gen_round()
    crowd = [gen_candidate() for _ in range(4)]
    for i, user in enumerate(crowd):
        gen_attempt(round_, user, ip="203.0.113.7", started_at=T0 + timedelta(minutes=2 * i))
    for i, user in enumerate(gen_candidate() for _ in range(4)):
        gen_attempt(round_, user, ip="198.51.100.1", started_at=T0 + timedelta(hours=i))

    (flag,) = flags.shared_ip(round_)

    assert flag.user_ids == sorted(u.id for u in crowd)
    assert len(flag.attempt_ids) == 4
    assert "203.0.113.7" in flag.detail


def test_many_attempts_from_one_ip_are_flagged_by_count(app):
    app.config["INTEGRITY_IP_ATTEMPTS"] = 3
    try:
        round_ = gen_round(max_attempts=5)
        user = gen_candidate()
        for i in range(3):
            gen_attempt(round_, user, ip="203.0.113.9", started_at=T0 + timedelta(minutes=i))

        (flag,) = flags.shared_ip(round_)
        assert len(flag.attempt_ids) == 3
    finally:
        app.config.pop("INTEGRITY_IP_ATTEMPTS")


def test_impossibly_fast_attempts_are_flagged(app):
    round_ = gen_round()
    questions = [gen_question() for _ in range(10)]
    round_.fixed_questions = [
        RoundQuestion(question_id=q.id, position=i) for i, q in enumerate(questions)
    ]
    fast = gen_attempt(round_, gen_candidate(), duration_ms=15_000)
    gen_attempt(round_, gen_candidate(), duration_ms=25_000)

    (flag,) = flags.too_fast(round_)

    assert flag.attempt_ids == [fast.id]
    assert "15 giây cho 10 câu" in flag.detail


def test_identical_answers_saved_at_the_same_moments_are_flagged(app):
    round_ = gen_round()
    questions = [gen_question() for _ in range(5)]
    twins = [gen_attempt(round_, gen_candidate(), started_at=T0) for _ in range(2)]
    loner = gen_attempt(round_, gen_candidate(), started_at=T0 + timedelta(hours=2))
    for offset, attempt in zip((0, 2, 3600 * 2), (*twins, loner), strict=True):
        for i, q in enumerate(questions):
            gen_answer(attempt, q, i % 4, saved_at=T0 + timedelta(seconds=offset + 30 * i))

    (flag,) = flags.same_answers(round_)

    assert flag.attempt_ids == sorted(a.id for a in twins)


def test_identical_answers_saved_hours_apart_are_not_flagged(app):
    round_ = gen_round()
    questions = [gen_question() for _ in range(5)]
    for start in (T0, T0 + timedelta(hours=1)):
        attempt = gen_attempt(round_, gen_candidate(), started_at=start)
        for q in questions:
            gen_answer(attempt, q, 1, saved_at=start + timedelta(seconds=10))

    assert flags.same_answers(round_) == []


def test_refused_late_saves_are_flagged(app):
    round_ = gen_round()
    attempt = gen_attempt(round_, gen_candidate())
    for _ in range(2):
        db.session.add(
            AttemptEvent(
                attempt_id=attempt.id,
                kind=AttemptEventKind.LATE_SAVE,
                at=attempt.deadline + timedelta(seconds=3),
                ip="203.0.113.5",
            )
        )
    db.session.add(
        AttemptEvent(attempt_id=attempt.id, kind=AttemptEventKind.SAVE, at=attempt.started_at)
    )
    db.session.flush()

    (flag,) = flags.late_saves(round_)

    assert flag.attempt_ids == [attempt.id]
    assert flag.detail.startswith("2 lần")


def test_report_gathers_every_kind(app):
    round_ = gen_round()
    a = gen_candidate(phone="0987654321")
    b = gen_candidate(phone="+84987654321")
    for user in (a, b):
        gen_attempt(round_, user, duration_ms=100)
    round_.fixed_questions = [RoundQuestion(question_id=gen_question().id, position=0)]

    found = {f.kind for f in flags.integrity_report(round_)}

    assert found == {"shared_identity", "too_fast"}
