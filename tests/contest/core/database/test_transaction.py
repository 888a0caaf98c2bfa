"""One transaction per request: commit below 400, roll back otherwise, and on SQLite a reader
that turns writer after another commit is run again as a writer instead of answering 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from contest.core.database.transaction import done_writing, transactional
from contest.core.errors import ContestError
from contest.core.extensions import db
from questions.models import Topic
from tests.conftest import is_postgres


def count_topics(name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Topic).where(Topic.name == name))


def another_worker_adds_a_topic(name: str) -> None:
    """A commit on a connection of its own, as another worker's would be."""
    with db.engine.begin() as other:
        other.execute(
            text("INSERT INTO topic (name, created_at) VALUES (:name, '2026-12-06 00:00:00')"),
            {"name": name},
        )


def test_an_answer_below_400_commits(app):
    def view():
        db.session.add(Topic(name="Hiến pháp"))
        return "ok"

    with app.test_request_context("/", method="POST"):
        assert transactional(view)().status_code == 200
    db.session.rollback()
    assert count_topics("Hiến pháp") == 1


def test_an_error_answer_or_a_raised_error_rolls_back(app):
    def refused():
        db.session.add(Topic(name="Dân sự"))
        return "no", 409

    def failing():
        db.session.add(Topic(name="Hình sự"))
        raise ContestError("Không được.")

    with app.test_request_context("/", method="POST"):
        assert transactional(refused)().status_code == 409
        with pytest.raises(ContestError):
            transactional(failing)()
    assert count_topics("Dân sự") == count_topics("Hình sự") == 0


@pytest.mark.skipif(is_postgres(), reason="SQLite's reader-turned-writer refusal")
def test_a_reading_request_that_writes_after_another_commit_runs_again_as_a_writer(app):
    runs = []

    def board_rebuilt_on_read():
        runs.append(db.session.scalar(select(func.count()).select_from(Topic)))
        if len(runs) == 1:  # another worker commits after this request's read began
            another_worker_adds_a_topic("Lao động")
        db.session.add(Topic(name=f"Đất đai {len(runs)}"))
        db.session.flush()
        return "ok"

    with app.test_request_context("/", method="GET"):
        response = transactional(board_rebuilt_on_read)()

    assert response.status_code == 200
    assert len(runs) == 2
    assert count_topics("Đất đai 2") == 1
    assert count_topics("Đất đai 1") == 0


@pytest.mark.skipif(is_postgres(), reason="SQLite's reader-turned-writer refusal")
def test_a_view_done_writing_that_writes_again_after_another_commit_runs_again_as_a_writer(app):
    runs = []

    def submit_then_rebuild_a_board():
        runs.append(len(runs) + 1)
        db.session.add(Topic(name=f"Nộp {len(runs)}"))
        done_writing()  # committed: the rest only reads, unless a stale board is rebuilt
        db.session.scalar(select(func.count()).select_from(Topic))
        if len(runs) == 1:  # another worker commits meanwhile
            another_worker_adds_a_topic("Bầu cử")
        db.session.add(Topic(name=f"Bảng {len(runs)}"))
        db.session.flush()
        return "ok"

    with app.test_request_context("/", method="POST"):
        response = transactional(submit_then_rebuild_a_board)()

    assert response.status_code == 200
    assert runs == [1, 2]
    assert count_topics("Nộp 1") == count_topics("Nộp 2") == count_topics("Bảng 2") == 1
    assert count_topics("Bảng 1") == 0
