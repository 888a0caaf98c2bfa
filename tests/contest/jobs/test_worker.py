"""The worker: export jobs that fail keep their error."""

from __future__ import annotations

from contest.core.extensions import db
from contest.jobs.models import ExportJob, JobStatus
from tests.factories.rounds import gen_round


def test_failed_export_job_records_the_error(app, now, tmp_path):
    from contest.jobs import worker

    round_ = gen_round()
    job = ExportJob(round_id=round_.id, kind="leaderboard", fmt="pdf")
    db.session.add(job)
    db.session.commit()
    app.config["EXPORT_DIR"] = str(tmp_path)
    try:
        assert worker.run_pending() == 1
    finally:
        app.config.pop("EXPORT_DIR")

    job = db.session.get(ExportJob, job.id)
    assert job.status == JobStatus.FAILED
    assert job.error
