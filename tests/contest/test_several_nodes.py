"""Two nodes behind one proxy, each with its own instance folder, on one database: a file kept
by one node is there for the other (upload previews, export files, banners)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.rounds.models import Contest
from questions.models import Question
from tests.factories.rounds import gen_contest
from tests.factories.scenes import gen_scored_board
from tests.questions.imports.test_views import small_sample


@pytest.fixture
def node_b(make_node):
    return make_node("node-b")


def same_browser(source, target) -> None:
    """The proxy sends the next request of this browser to the other node: same cookies."""
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


@pytest.fixture
def organizer_on_both(client, auth, make_user, node_b):
    auth.login(make_user("organizer"))
    other = node_b.test_client()
    same_browser(client, other)
    return client, other


def test_an_upload_previewed_on_one_node_is_imported_on_the_other(organizer_on_both, app, node_b):
    on_a, on_b = organizer_on_both
    assert app.instance_path != node_b.instance_path

    location = on_a.post(
        "/organizer/bank/upload",
        data={"file": (io.BytesIO(small_sample()), "mau.xlsx")},
        content_type="multipart/form-data",
    ).headers["Location"]
    preview = on_b.get(location)
    committed = on_b.post(location.split("?")[0], data={"name": "mau.xlsx"})

    assert preview.status_code == 200
    assert committed.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Question)) > 0


def test_an_export_written_by_one_node_is_downloaded_from_the_other(
    client, auth, make_user, runner, now, node_b
):
    from contest.jobs.cli import jobs_cli

    round_, *_ = gen_scored_board(make_user)
    auth.login(make_user("judge"))
    queued = client.post(
        f"/api/v1/rounds/{round_.id}/export-jobs", json={"kind": "attempts", "format": "csv"}
    ).get_json()
    assert runner.invoke(jobs_cli, ["run", "--once", "--no-nice"]).exit_code == 0
    on_b = node_b.test_client()
    same_browser(client, on_b)

    download = on_b.get(f"/api/v1/export-jobs/{queued['id']}/download")

    assert download.status_code == 200
    assert download.data.decode("utf-8-sig").count("Đã nộp") == 3


def test_a_banner_uploaded_on_one_node_is_served_by_the_other(organizer_on_both):
    on_a, on_b = organizer_on_both
    contest = gen_contest()
    db.session.commit()
    image = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32

    uploaded = on_a.post(
        f"/organizer/contests/{contest.id}/banner",
        data={"banner": (io.BytesIO(image), "bia.png")},
        content_type="multipart/form-data",
    )
    served = on_b.get(f"/api/v1/contests/{contest.id}/banner")

    assert uploaded.status_code == 302
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", image)


def test_nodes_that_mount_one_directory_share_its_files(make_node, make_user, tmp_path):
    shared = {"FILE_STORAGE": "directory", "FILE_STORAGE_DIR": str(tmp_path / "nfs")}
    node_a, node_b = make_node("node-a", **shared), make_node("node-b", **shared)
    organizer = make_user("organizer")
    contest = gen_contest()
    db.session.commit()
    on_a, on_b = node_a.test_client(), node_b.test_client()
    on_a.post("/api/v1/auth/login", json={"login": organizer.email, "password": "mat-khau-1"})
    image = b"\xff\xd8\xff\xe0" + b"\x02" * 32

    uploaded = on_a.post(
        f"/organizer/contests/{contest.id}/banner",
        data={"banner": (io.BytesIO(image), "bia.jpg")},
        content_type="multipart/form-data",
    )
    served = on_b.get(f"/api/v1/contests/{contest.id}/banner")

    assert uploaded.status_code == 302
    assert (served.status_code, served.data) == (200, image)
    assert [p.name for p in (tmp_path / "nfs" / "banners").iterdir()] == [
        db.session.get(Contest, contest.id).banner_path
    ]
