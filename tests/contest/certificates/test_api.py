"""The certificates API: my certificates and their PDF, the public check, the organizers' side."""

from __future__ import annotations

import io

from sqlalchemy import select

from contest.certificates.models import Certificate
from contest.core.extensions import db
from tests.contest.certificates.builders import signature_png
from tests.factories.rounds import gen_contest, gen_round


def issue(client, round_):
    return client.post(
        "/api/v1/me/certificates", json={"round_id": round_.id, "kind": "participation"}
    )


def test_my_certificates_list_what_i_may_download(client, auth, holder):
    user, round_ = holder
    auth.login(user)

    body = client.get("/api/v1/me/certificates").get_json()

    assert body == [
        {
            "round_id": round_.id,
            "contest": "Cuộc thi tìm hiểu Hiến pháp năm 2026",
            "round": "Tuần thi thứ nhất",
            "kind": "participation",
            "result": "Đạt 8,5/10 điểm",
            "code": None,
            "revoked": False,
        }
    ]


def test_issuing_answers_201_then_200_with_the_same_certificate(client, auth, holder):
    user, round_ = holder
    auth.login(user)

    first, again = issue(client, round_), issue(client, round_)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json() == again.get_json()
    assert first.get_json()["verify_url"].endswith("/verify/" + first.get_json()["code"])


def test_a_round_that_gives_me_no_certificate_answers_409(client, auth, holder, make_user):
    _user, round_ = holder
    auth.login(make_user())

    response = issue(client, round_)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "certificate_unavailable"


def test_the_pdf_download_is_byte_identical(client, auth, holder):
    user, round_ = holder
    auth.login(user)
    code = issue(client, round_).get_json()["code"]

    first = client.get(f"/api/v1/me/certificates/{code}/pdf")
    second = client.get(f"/api/v1/me/certificates/{code}/pdf")

    assert first.status_code == 200
    assert first.mimetype == "application/pdf"
    assert first.data == second.data


def test_anyone_checks_a_certificate_and_sees_nothing_private(client, auth, holder):
    user, round_ = holder
    auth.login(user)
    code = issue(client, round_).get_json()["code"]
    auth.logout()

    body = client.get(f"/api/v1/certificates/{code.lower()}").get_json()

    assert body["status"] == "valid"
    assert body["full_name"] == "Nguyễn Thị Ánh"
    assert set(body) == {
        "code",
        "status",
        "kind",
        "full_name",
        "contest_title",
        "round_name",
        "result",
        "issuer",
        "issued_on",
        "revoked_at",
    }
    assert client.get("/api/v1/certificates/22222-22222").status_code == 404


def test_an_organizer_revokes_and_the_check_says_revoked(client, auth, holder, make_user):
    user, round_ = holder
    auth.login(user)
    code = issue(client, round_).get_json()["code"]
    auth.logout()
    auth.login(make_user("organizer"))

    short = client.post(f"/api/v1/certificates/{code}/revoke", json={"reason": "sai"})
    revoked = client.post(
        f"/api/v1/certificates/{code}/revoke", json={"reason": "Kết quả bị huỷ do gian lận"}
    )
    twice = client.post(
        f"/api/v1/certificates/{code}/revoke", json={"reason": "Kết quả bị huỷ do gian lận"}
    )
    listed = client.get(f"/api/v1/rounds/{round_.id}/certificates").get_json()
    auth.logout()
    auth.login(user)

    assert short.status_code == 400
    assert revoked.get_json()["revoked_reason"] == "Kết quả bị huỷ do gian lận"
    assert twice.status_code == 409
    assert listed["total"] == 1
    assert client.get(f"/api/v1/certificates/{code}").get_json()["status"] == "revoked"
    pdf = client.get(f"/api/v1/me/certificates/{code}/pdf")
    assert (pdf.status_code, pdf.get_json()["error"]["code"]) == (409, "certificate_revoked")


def test_another_candidates_pdf_is_not_found(client, auth, holder, make_user):
    user, round_ = holder
    auth.login(user)
    code = issue(client, round_).get_json()["code"]
    auth.logout()
    auth.login(make_user())

    assert client.get(f"/api/v1/me/certificates/{code}/pdf").status_code == 404


def test_organizers_set_what_a_round_issues_and_its_signature(client, auth, app, make_user):
    round_ = gen_round(gen_contest())
    db.session.commit()
    auth.login(make_user("organizer"))

    saved = client.put(
        f"/api/v1/rounds/{round_.id}/certificate-settings",
        json={
            "participation": True,
            "prize": True,
            "issuer": "Sở Tư pháp",
            "signer_name": "Trần Văn Bình",
        },
    )
    uploaded = client.post(
        f"/api/v1/rounds/{round_.id}/certificate-settings/signature",
        data={"signature": (io.BytesIO(signature_png()), "ky.png")},
        content_type="multipart/form-data",
    )
    wrong_type = client.post(
        f"/api/v1/rounds/{round_.id}/certificate-settings/signature",
        data={"signature": (io.BytesIO(b"%PDF-1.4"), "ky.png")},
        content_type="multipart/form-data",
    )
    missing = client.post(
        f"/api/v1/rounds/{round_.id}/certificate-settings/signature",
        data={},
        content_type="multipart/form-data",
    )

    assert saved.get_json() == {
        "round_id": round_.id,
        "participation": True,
        "prize": True,
        "issuer": "Sở Tư pháp",
        "signer_title": "",
        "signer_name": "Trần Văn Bình",
        "has_signature": False,
    }
    assert uploaded.get_json()["has_signature"] is True
    assert wrong_type.status_code == 400
    assert "signature" in wrong_type.get_json()["error"]["details"]["fields"]
    assert missing.status_code == 400
    assert client.get(f"/api/v1/rounds/{round_.id}/certificate-settings").get_json()[
        "has_signature"
    ]
    assert db.session.scalar(select(Certificate)) is None
