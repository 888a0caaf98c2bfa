"""Progress pages: a long operation started from a page is followed on a page of its own."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.jobs import operations, worker
from contest.jobs.models import ExportJob, JobStatus, Operation, OperationKind
from contest.jobs.operations import progress
from questions.models import Question
from tests.contest.readers import html_of
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question, gen_version
from tests.factories.rounds import gen_round


@pytest.fixture
def everything_in_background(app, monkeypatch):
    monkeypatch.setitem(app.config, "BACKGROUND_ATTEMPTS", 0)
    monkeypatch.setitem(app.config, "BACKGROUND_IMPORT_QUESTIONS", 0)


@pytest.fixture
def organizer(auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    return user


def progress_of(html: str) -> tuple[str, str] | None:
    found = re.search(r'<progress id="progress" value="(\d+)" max="(\d+)"', html)
    return found.groups() if found else None


def test_the_page_shows_the_progress_so_far_and_refreshes_itself(client, organizer, now):
    queued = operations.enqueue(OperationKind.RANKING, {}, organizer, gen_round())
    db.session.commit()
    url = f"/operations/{queued.id}"
    assert 'http-equiv="refresh"' in html_of(client, url)

    progress.reporter(queued.id)(1, 3, "prediction")
    first = html_of(client, url)
    progress.reporter(queued.id)(2, 3, "ranking")
    second = html_of(client, url)

    assert progress_of(first) == ("1", "3")
    assert "Đang tính đáp án câu hỏi dự đoán" in first
    assert progress_of(second) == ("2", "3")
    assert "Đang xếp hạng" in second
    assert "Đã xong 2 / 3 (67%)." in second


def test_a_finished_operation_stops_refreshing_and_links_to_the_outcome(client, organizer, now):
    round_ = gen_round()
    operations.enqueue(OperationKind.RANKING, {}, organizer, round_)
    db.session.commit()
    operations.run_pending()
    operation = db.session.scalars(select(Operation)).one()

    html = html_of(client, f"/operations/{operation.id}")

    assert 'http-equiv="refresh"' not in html
    assert "Hoàn tất" in html
    assert f"/results/rounds/{round_.id}" in html


def test_a_large_regrade_is_queued_and_followed_to_its_end(
    client, organizer, now, everything_in_background
):
    round_ = gen_round()
    question = gen_question(correct=0)
    attempt = gen_attempt(round_, gen_candidate("Lê Văn Em"), score=0, correct_count=0)
    gen_attempt_question(attempt, question, 1)
    gen_answer(attempt, question, 1)
    gen_version(question, correct=1)
    db.session.commit()

    response = client.post(
        f"/results/rounds/{round_.id}/regrade", data={"question_id": question.id, "apply": "y"}
    )
    assert response.status_code == 302
    page = response.headers["Location"]
    assert "Đang chờ tác vụ nền" in html_of(client, page)

    operations.run_pending()

    html = html_of(client, page)
    assert "Đã chấm lại 1 bài thi theo đáp án phiên bản 2; 1 bài thay đổi điểm." in html
    assert progress_of(html) == ("1", "1")


def test_a_large_ranking_rebuild_is_queued(client, organizer, now, everything_in_background):
    round_ = gen_round()
    db.session.commit()

    response = client.post(f"/results/rounds/{round_.id}/rebuild")

    operation = db.session.scalars(select(Operation)).one()
    assert response.headers["Location"].endswith(f"/operations/{operation.id}")
    assert (operation.kind, operation.round_id) == (OperationKind.RANKING, round_.id)


def test_a_large_import_runs_in_the_background(client, organizer, now, everything_in_background):
    book = openpyxl.Workbook()
    book.active.append(["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề", "Mức độ"])
    for n in range(5):
        book.active.append([f"Câu số {n}?", "Có", "Không", "A", "Hiến pháp", "Dễ"])
    data = io.BytesIO()
    book.save(data)
    location = client.post(
        "/organizer/bank/upload",
        data={"file": (io.BytesIO(data.getvalue()), "lon.xlsx")},
        content_type="multipart/form-data",
    ).headers["Location"]
    sha256 = location.split("/")[-1].split("?")[0]
    preview = html_of(client, location)
    assert f"/organizer/bank/upload/{sha256}/background" in preview

    response = client.post(f"/organizer/bank/upload/{sha256}/background", data={"name": "lon.xlsx"})
    assert response.status_code == 303
    assert operations.run_pending() == 1

    html = html_of(client, response.headers["Location"])
    assert "Đã nhập 5 câu hỏi từ tệp lon.xlsx" in html
    assert db.session.scalar(select(func.count()).select_from(Question)) == 5


def test_a_refused_import_sends_the_organizer_back_to_the_preview(client, organizer, now):
    book = openpyxl.Workbook()
    book.active.append(["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề", "Mức độ"])
    book.active.append(["Câu có lỗi?", "Có", "", "B", "Hiến pháp", "Dễ"])
    data = io.BytesIO()
    book.save(data)
    location = client.post(
        "/organizer/bank/upload",
        data={"file": (io.BytesIO(data.getvalue()), "loi.xlsx")},
        content_type="multipart/form-data",
    ).headers["Location"]
    sha256 = location.split("/")[-1].split("?")[0]
    page = client.post(f"/organizer/bank/upload/{sha256}/background", data={"name": "loi.xlsx"})
    operations.run_pending()

    html = html_of(client, page.headers["Location"])

    assert "Tệp có 2 lỗi nên chưa câu hỏi nào được nhập." in html
    assert f"/organizer/bank/upload/{sha256}?name=loi.xlsx" in html
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_a_judge_follows_a_regrade_but_not_an_import(client, auth, make_user, now):
    round_ = gen_round()
    regrade = operations.enqueue(OperationKind.REGRADE, {"question_id": 1}, None, round_)
    bank = operations.enqueue(OperationKind.IMPORT, {"sha256": "0" * 64, "name": "a.xlsx"}, None)
    db.session.commit()
    auth.login(make_user("judge"))

    assert client.get(f"/operations/{regrade.id}").status_code == 200
    assert client.get(f"/operations/{bank.id}").status_code == 403


def test_the_api_answers_the_progress(client, organizer, now):
    queued = operations.enqueue(OperationKind.RANKING, {}, organizer, gen_round())
    db.session.commit()
    progress.reporter(queued.id)(5, 8, "ranking")

    answer_ = client.get(f"/api/v1/operations/{queued.id}").get_json()

    assert answer_["done"] == 5
    assert answer_["total"] == 8
    assert answer_["phase_label"] == "Đang xếp hạng"
    assert answer_["status"] == "queued"


def test_queueing_an_export_leads_to_its_progress_page(client, organizer, now):
    round_ = gen_round()
    db.session.commit()

    response = client.post(
        f"/results/rounds/{round_.id}/exports", data={"kind": "attempts", "fmt": "csv"}
    )

    job_id = db.session.scalar(select(ExportJob.id))
    assert response.headers["Location"].endswith(f"/results/export-jobs/{job_id}")
    assert "Đang chờ tác vụ nền" in html_of(client, response.headers["Location"])


def test_an_export_job_has_a_progress_page(client, organizer, now):
    round_ = gen_round()
    job = worker.enqueue(round_, "attempts", "csv", organizer)
    job.total, job.progress, job.status = 200, 50, JobStatus.RUNNING
    db.session.commit()

    html = html_of(client, f"/results/export-jobs/{job.id}")

    assert progress_of(html) == ("50", "200")
    assert 'http-equiv="refresh"' in html
    assert f"/results/export-jobs/{job.id}" in html_of(
        client, f"/results/rounds/{round_.id}/exports"
    )
