"""Under `make run` a queued export finishes by itself: the real worker process (flask jobs
worker, as make run starts it) runs beside the served app, on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.storage import storage
from contest.jobs.models import ExportJob, JobStatus
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD, database_url
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_open_round

pytestmark = BROWSER_TESTS
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_process(app):
    """The background worker as make run starts it, polling for exports every second."""
    env = {
        **os.environ,
        "THILUAT_ENV": "testing",
        "TEST_DATABASE_URL": database_url(),
        "WORKER_EXPORTS_SECONDS": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - the project's own command
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--no-nice"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_an_export_queued_from_the_judges_page_completes_by_itself(
    browser_window, make_user, worker_process
):
    judge = make_user("judge")
    round_ = gen_open_round(questions=2)
    for name in ("Nguyễn Văn An", "Lê Thị Hoa"):
        gen_attempt(round_, gen_candidate(name), score=5)
    db.session.commit()
    page = browser_window(1366, 768).new_page()
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(judge.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"/results/rounds/{round_.id}/exports")
    page.get_by_label("Dữ liệu").select_option("leaderboard")
    page.get_by_label("Định dạng").select_option("xlsx")
    page.get_by_role("button", name="Đưa vào hàng đợi").click()
    expect(page.locator(".flash-success")).to_contain_text("hàng đợi")

    # Nothing else is run: the page reloads itself while the job waits, until its file is there.
    expect(page.get_by_role("link", name="Tải về")).to_be_visible(timeout=60_000)
    assert worker_process.poll() is None
    db.session.rollback()
    job = db.session.scalar(select(ExportJob))
    assert job.status == JobStatus.DONE
    assert len(storage().get(job.path)) > 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    assert download.value.suggested_filename.endswith(".xlsx")
