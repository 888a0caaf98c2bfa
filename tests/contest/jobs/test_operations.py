"""Long operations in the worker: they run once, report advancing progress, keep failures."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.attempts.models import Attempt
from contest.core import database
from contest.core.extensions import db
from contest.jobs import operations
from contest.jobs.models import JobStatus, Operation, OperationKind
from contest.jobs.operations import progress
from contest.jobs.operations import runners as operation_runners
from contest.ranking.models import Board, RankSnapshotState
from contest.statistics import regrade
from tests.conftest import is_postgres
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question, gen_version
from tests.factories.rounds import gen_round


@pytest.fixture
def corrected(app, now):
    """Three candidates answered B to a question keyed A; the key is then corrected to B."""
    round_ = gen_round()
    question = gen_question(correct=0)
    attempts = []
    for name in ("An", "Bình", "Cường"):
        attempt = gen_attempt(round_, gen_candidate(name), score=0, max_score=1, correct_count=0)
        gen_attempt_question(attempt, question, 1)
        gen_answer(attempt, question, 1)
        attempts.append(attempt)
    gen_version(question, correct=1)
    db.session.commit()
    return round_, question, attempts


@pytest.fixture
def spy(monkeypatch):
    """Every progress report made, in order, still written through the real reporter."""
    calls: list[tuple[int, int | None, str]] = []
    real = progress.Reporter.__call__

    def recording(self, done, total, phase):
        calls.append((done, total, phase))
        real(self, done, total, phase)

    monkeypatch.setattr(progress.Reporter, "__call__", recording)
    return calls


def test_a_regrade_operation_reports_each_attempt_rescored_then_applies(
    corrected, spy, monkeypatch
):
    round_, question, attempts = corrected
    monkeypatch.setattr(regrade, "PROGRESS_EVERY", 1)
    queued = operations.enqueue(OperationKind.REGRADE, {"question_id": question.id}, None, round_)
    db.session.commit()

    assert operations.run_pending() == 1

    assert spy == [(1, 3, "scoring"), (2, 3, "scoring"), (3, 3, "scoring")]
    operation = db.session.get(Operation, queued.id)
    assert (operation.status, operation.phase, operation.done, operation.total) == (
        JobStatus.DONE,
        "done",
        3,
        3,
    )
    assert operation.result == {
        "question_id": question.id,
        "key_version": 2,
        "examined": 3,
        "changed": 3,
    }
    assert {db.session.get(Attempt, a.id).score for a in attempts} == {1}


def test_each_report_is_committed_at_once_where_the_engine_allows(corrected, monkeypatch):
    """PostgreSQL: another connection (the page) sees each report as it is made. SQLite: the
    operation holds the write lock from its start, so reports are skipped, not waited for."""
    round_, question, _attempts = corrected
    monkeypatch.setattr(regrade, "PROGRESS_EVERY", 1)
    seen: list[int] = []
    real = progress.Reporter.__call__

    def observing(self, done, total, phase):
        real(self, done, total, phase)
        as_the_page = database.writing.set(False)  # a reader, as in the web process
        try:
            with db.engine.connect() as connection:
                query = select(Operation.done).where(Operation.id == self.operation_id)
                seen.append(connection.execute(query).scalar_one())
        finally:
            database.writing.reset(as_the_page)

    monkeypatch.setattr(progress.Reporter, "__call__", observing)
    operations.enqueue(OperationKind.REGRADE, {"question_id": question.id}, None, round_)
    db.session.commit()

    operations.run_pending()

    assert seen == ([1, 2, 3] if is_postgres() else [0, 0, 0])


@pytest.mark.skipif(is_postgres(), reason="SQLite's one write lock")
def test_on_sqlite_a_report_made_under_the_operations_write_lock_does_not_wait_for_it(
    corrected, monkeypatch
):
    """The operation's own transaction holds the write lock: a report skips at once, where it
    used to wait out SQLite's busy timeout (5 s) on a second connection each time."""
    round_, question, _attempts = corrected
    monkeypatch.setattr(regrade, "PROGRESS_EVERY", 1)
    connections: list[str] = []
    real_connect, real_report = type(db.engine).connect, progress.Reporter.__call__
    reporting = []

    def counting(engine, *args, **kwargs):
        if reporting:
            connections.append("opened by a report")
        return real_connect(engine, *args, **kwargs)

    def report(self, done, total, phase):
        reporting.append(True)
        try:
            real_report(self, done, total, phase)
        finally:
            reporting.pop()

    operations.enqueue(OperationKind.REGRADE, {"question_id": question.id}, None, round_)
    db.session.commit()
    monkeypatch.setattr(type(db.engine), "connect", counting)
    monkeypatch.setattr(progress.Reporter, "__call__", report)

    operations.run_pending()

    assert connections == []  # no report tried a connection of its own
    assert db.session.scalar(select(Operation.status)) == JobStatus.DONE


def test_a_ranking_operation_goes_through_its_phases(corrected, spy):
    round_, _question, _attempts = corrected
    operations.enqueue(OperationKind.RANKING, {"board": "live"}, None, round_)
    db.session.commit()

    operations.run_pending()

    assert spy == [(0, 3, "finalizing"), (1, 3, "prediction"), (2, 3, "ranking")]
    state = db.session.get(RankSnapshotState, (round_.id, Board.LIVE))
    assert state.row_count == 3


def test_a_report_is_seen_by_other_connections_at_once(app, now):
    queued = operations.enqueue(OperationKind.RANKING, {}, None, gen_round())
    db.session.commit()

    progress.reporter(queued.id)(40, 120, "ranking")

    with db.engine.connect() as connection:
        row = connection.execute(
            select(Operation.done, Operation.total, Operation.phase).where(
                Operation.id == queued.id
            )
        ).one()
    assert tuple(row) == (40, 120, "ranking")


def test_a_failure_is_kept_in_words_and_writes_nothing(corrected, monkeypatch):
    round_, _question, _attempts = corrected
    queued = operations.enqueue(OperationKind.REGRADE, {"question_id": 999_999}, None, round_)
    db.session.commit()

    operations.run_pending()

    operation = db.session.get(Operation, queued.id)
    assert (operation.status, operation.phase) == (JobStatus.FAILED, "failed")
    assert operation.error == "Không tìm thấy."


def test_an_import_operation_whose_upload_is_gone_fails_with_a_message(app, now):
    queued = operations.enqueue(OperationKind.IMPORT, {"sha256": "0" * 64, "name": "a.xlsx"}, None)
    db.session.commit()

    operations.run_pending()

    operation = db.session.get(Operation, queued.id)
    assert operation.status == JobStatus.FAILED
    assert "không còn trên máy chủ" in operation.error


def test_every_kind_has_a_runner():
    assert set(operation_runners.RUNNERS) == set(OperationKind)
