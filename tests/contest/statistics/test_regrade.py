"""Regrade after a corrected key: dry run, apply, audit, earlier fixes kept, locks respected."""

from __future__ import annotations

import pytest

from contest.attempts.models import Attempt, RegradeKey
from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.prizes.decisions import approve
from contest.prizes.proposal import TierInput, define_prizes
from contest.ranking.models import Board, RankSnapshotState
from contest.ranking.snapshots.build import current_snapshot
from contest.statistics import regrade
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question, gen_version
from tests.factories.rounds import gen_round


@pytest.fixture
def sitting(app, now):
    """Q1 keyed B (should be C), Q2 keyed A; three candidates scored with those keys."""
    round_ = gen_round()
    q1, q2 = gen_question(correct=1), gen_question(correct=0)
    rows = {"An": (2, 0, 1), "Bình": (1, 0, 2), "Cường": (2, 1, 0)}  # Q1, Q2 positions; score
    attempts = {}
    for name, (p1, p2, score) in rows.items():
        attempt = gen_attempt(
            round_, gen_candidate(name), score=score, max_score=2, correct_count=score
        )
        # Options shown shuffled: the regrade maps by position in the version, not on screen.
        gen_attempt_question(
            attempt, q1, 1, option_order=list(reversed([o.id for o in q1.current.options]))
        )
        gen_attempt_question(attempt, q2, 2)
        gen_answer(attempt, q1, p1)
        gen_answer(attempt, q2, p2)
        attempts[name] = attempt
    return round_, q1, q2, attempts


def scores(attempts):
    return {name: db.session.get(Attempt, a.id).score for name, a in attempts.items()}


def test_dry_run_lists_the_changes_and_writes_nothing(sitting):
    round_, q1, _, attempts = sitting
    gen_version(q1, correct=2)

    report = regrade.regrade(round_, q1.id, apply=False)

    assert not report.applied
    assert report.examined == 3
    assert report.key_version == 2
    assert {(c.full_name, c.old_score, c.new_score) for c in report.changes} == {
        ("An", 1, 2),
        ("Bình", 2, 1),
        ("Cường", 0, 1),
    }
    assert scores(attempts) == {"An": 1, "Bình": 2, "Cường": 0}
    assert db.session.query(AuditEntry).filter_by(action="round.regrade").count() == 0


def test_apply_rescores_audits_and_invalidates_the_ranking(sitting, make_user):
    round_, q1, _, attempts = sitting
    current_snapshot(round_)
    gen_version(q1, correct=2)
    organizer = make_user("organizer")

    report = regrade.regrade(round_, q1.id, apply=True, actor=organizer)

    assert report.applied
    assert len(report.changes) == 3
    assert scores(attempts) == {"An": 2, "Bình": 1, "Cường": 1}
    assert db.session.get(Attempt, attempts["An"].id).correct_count == 2
    entry = db.session.query(AuditEntry).filter_by(action="round.regrade").one()
    assert entry.actor_id == organizer.id
    assert entry.after["key_version"] == 2
    assert db.session.get(RankSnapshotState, (round_.id, Board.LIVE)).stale
    assert db.session.get(RegradeKey, (round_.id, q1.id)).version_id == q1.current.id


def test_later_regrade_of_another_question_keeps_the_first_correction(sitting):
    round_, q1, q2, attempts = sitting
    gen_version(q1, correct=2)
    regrade.regrade(round_, q1.id, apply=True)
    gen_version(q2, correct=1)

    regrade.regrade(round_, q2.id, apply=True)

    assert scores(attempts) == {"An": 1, "Bình": 0, "Cường": 2}


def test_regrade_with_an_unchanged_key_changes_nothing(sitting):
    round_, q1, _, _ = sitting

    report = regrade.regrade(round_, q1.id, apply=False)

    assert report.changes == []
    assert report.examined == 3


def test_regrade_is_refused_once_a_prize_list_on_the_round_is_locked(sitting, make_user):
    round_, q1, _, attempts = sitting
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    gen_version(q1, correct=2)

    assert regrade.regrade(round_, q1.id, apply=False).changes  # a dry run still shows the effect
    with pytest.raises(Conflict) as refused:
        regrade.regrade(round_, q1.id, apply=True)

    assert refused.value.code == "result_locked"
    assert scores(attempts) == {"An": 1, "Bình": 2, "Cường": 0}


def test_regrade_refuses_a_version_with_a_different_number_of_options(sitting):
    from questions.models import QuestionOption

    round_, q1, _, _ = sitting
    version = gen_version(q1, correct=2)
    version.options.append(QuestionOption(position=4, label="E", text="Thêm", is_correct=False))
    db.session.flush()

    with pytest.raises(InvalidInput) as refused:
        regrade.regrade(round_, q1.id, apply=False)
    assert refused.value.code == "options_mismatch"


def test_partial_credit_rules_of_the_round_are_used(app, now):
    round_ = gen_round(multi_choice_scoring="partial", points_per_question=2)
    q = gen_question(correct=(0, 1), qtype="multiple")
    attempt = gen_attempt(round_, gen_candidate(), score=2, max_score=2, correct_count=1)
    gen_attempt_question(attempt, q, 1)
    gen_answer(attempt, q, (0, 1))
    gen_version(q, correct=(0, 2))

    (change,) = regrade.regrade(round_, q.id, apply=False).changes

    assert (change.new_score, change.new_correct) == (0, 0)  # one right, one wrong of two


def test_attempt_still_running_during_a_regrade_is_scored_with_the_corrected_key(sitting, now):
    from contest.attempts.marking import grading
    from contest.attempts.models import AttemptStatus

    round_, q1, q2, _ = sitting
    running = gen_attempt(round_, gen_candidate("Dũng"), status="in_progress", score=None)
    gen_attempt_question(running, q1, 1)
    gen_attempt_question(running, q2, 2)
    gen_answer(running, q1, 2)  # right only under the corrected key
    gen_answer(running, q2, 0)
    gen_version(q1, correct=2)
    regrade.regrade(round_, q1.id, apply=True)

    closed = grading.finalize([running], AttemptStatus.SUBMITTED, now())

    assert [a.id for a in closed] == [running.id]
    assert (running.score, running.correct_count) == (2, 2)


def test_a_fill_in_question_is_regraded_with_its_corrected_accepted_answers(app, now):
    from dataclasses import replace

    from questions.services import edit_question, input_from_version
    from tests.contest.attempts.taking import (
        begin,
        fill_in_item,
        fill_in_round,
        submit,
        type_answer,
    )
    from tests.factories.rounds import gen_participation

    round_ = fill_in_round()
    candidate = gen_candidate("Dũng")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt = begin(round_, candidate, now())
    type_answer(attempt, "Nghị viện", now())
    submit(attempt, now())
    assert db.session.get(Attempt, attempt.id).score == 0
    question = fill_in_item(attempt).version.question
    corrected = input_from_version(question.current)
    edit_question(question, replace(corrected, answers=[*corrected.answers, "Nghị viện"]))
    db.session.commit()

    report = regrade.regrade(round_, question.id, apply=True)
    db.session.commit()

    assert [(c.old_score, c.new_score) for c in report.changes] == [(0, 2)]
    assert db.session.get(Attempt, attempt.id).score == 2
