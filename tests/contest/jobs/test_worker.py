"""The worker: export jobs that fail keep their error."""

from __future__ import annotations

from contest.core.extensions import db
from contest.jobs.models import ExportJob, JobStatus
from tests.factories.rounds import gen_round


def test_failed_export_job_records_the_error(app, now):
    from contest.jobs import worker

    round_ = gen_round()
    job = ExportJob(round_id=round_.id, kind="leaderboard", fmt="pdf")
    db.session.add(job)
    db.session.commit()
    assert worker.run_pending() == 1

    job = db.session.get(ExportJob, job.id)
    assert job.status == JobStatus.FAILED
    assert job.error


def test_an_export_over_the_storage_cap_fails_with_a_reason(app, now, monkeypatch):
    from contest.core.storage import DatabaseStorage
    from contest.jobs import worker

    round_ = gen_round()
    job = ExportJob(round_id=round_.id, kind="attempts", fmt="csv")
    db.session.add(job)
    db.session.commit()
    monkeypatch.setitem(app.extensions, "file_storage", DatabaseStorage(max_bytes=10))

    assert worker.run_pending() == 1

    job = db.session.get(ExportJob, job.id)
    assert (job.status, job.error) == (JobStatus.FAILED, "Tệp quá lớn để lưu trữ.")
    assert app.extensions["file_storage"].get(worker.export_key(job)) is None
