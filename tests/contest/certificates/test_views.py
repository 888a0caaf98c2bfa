"""Certificate pages: mine and the PDF download, the public verification, the organizers' page."""

from __future__ import annotations

import io

from sqlalchemy import select

from contest.attempts.models import Attempt
from contest.certificates.models import Certificate, CertificateSettings
from contest.core.extensions import db
from tests.contest.attempts.pages import page
from tests.contest.certificates.builders import signature_png
from tests.factories.rounds import gen_contest, gen_round


def download(client, round_):
    return client.get(f"/me/certificates/rounds/{round_.id}/participation.pdf")


def test_my_certificates_page_offers_the_download(client, auth, holder):
    user, round_ = holder
    auth.login(user)

    html = page(client.get("/me/certificates"))

    assert "Giấy chứng nhận tham gia" in html
    assert "Đạt 8,5/10 điểm" in html
    assert f"/me/certificates/rounds/{round_.id}/participation.pdf" in html


def test_the_first_download_issues_the_certificate_and_every_download_is_identical(
    client, auth, holder
):
    user, round_ = holder
    auth.login(user)

    first, second = download(client, round_), download(client, round_)

    certificate = db.session.scalar(select(Certificate))
    assert first.status_code == 200
    assert first.mimetype == "application/pdf"
    assert (
        f"giay-chung-nhan-{certificate.code[:5]}-{certificate.code[5:]}.pdf"
        in first.headers["Content-Disposition"]
    )
    assert first.data == second.data
    assert certificate.verify_url == f"http://localhost/verify/{certificate.code}"


def test_a_candidate_who_may_not_have_the_certificate_is_told(client, auth, holder, make_user):
    _user, round_ = holder
    auth.login(make_user())

    response = download(client, round_)

    assert response.status_code == 409
    assert "chưa đủ điều kiện" in response.get_data(as_text=True)


def test_the_verification_page_shows_what_the_certificate_certifies_and_nothing_more(
    client, auth, holder
):
    user, round_ = holder
    auth.login(user)
    download(client, round_)
    auth.logout()
    certificate = db.session.scalar(select(Certificate))

    html = page(client.get(f"/verify/{certificate.code}"))

    assert "Giấy chứng nhận hợp lệ" in html
    for shown in (
        "Nguyễn Thị Ánh",
        "Tuần thi thứ nhất",
        "Đạt 8,5/10 điểm",
        "27/11/2026",
        "Sở Tư pháp tỉnh Minh Họa",
    ):
        assert shown in html
    for hidden in (user.id_number, user.phone, "01/01/1990"):
        assert hidden not in html


def test_a_typed_code_leads_to_its_verification_page(client, auth, holder):
    user, round_ = holder
    auth.login(user)
    download(client, round_)
    code = db.session.scalar(select(Certificate.code))

    typed = client.get("/verify/", query_string={"code": f" {code[:5].lower()}-{code[5:]} "})
    unknown = client.get("/verify/", query_string={"code": "22222-22222"}, follow_redirects=True)

    assert typed.status_code == 302
    assert typed.headers["Location"].endswith(f"/verify/{code}")
    assert unknown.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in unknown.get_data(as_text=True)


def test_a_revoked_certificate_says_so_and_is_no_longer_downloaded(client, auth, holder, make_user):
    user, round_ = holder
    auth.login(user)
    download(client, round_)
    code = db.session.scalar(select(Certificate.code))
    auth.logout()
    auth.login(make_user("organizer"))

    revoked = client.post(
        f"/organizer/certificates/{code}/revoke", data={"reason": "Kết quả bị huỷ do gian lận"}
    )
    auth.logout()
    auth.login(user)

    assert revoked.status_code == 302
    html = page(client.get(f"/verify/{code}"))
    assert "Giấy chứng nhận đã bị thu hồi" in html
    assert "gian lận" not in html  # the reason stays with the organizers
    assert download(client, round_).status_code == 409
    assert "đã bị thu hồi" in page(client.get("/me/certificates"))


def test_organizers_choose_what_a_round_issues_and_upload_a_signature(
    client, auth, app, now, make_user
):
    round_ = gen_round(gen_contest())
    db.session.commit()
    auth.login(make_user("organizer"))

    saved = client.post(
        f"/organizer/rounds/{round_.id}/certificates",
        data={"participation": "y", "issuer": "Sở Tư pháp", "signer_title": "TM. Ban Tổ chức"},
    )
    uploaded = client.post(
        f"/organizer/rounds/{round_.id}/certificates/signature",
        data={"signature": (io.BytesIO(signature_png()), "chu-ky.png")},
        content_type="multipart/form-data",
    )
    refused = client.post(
        f"/organizer/rounds/{round_.id}/certificates/signature",
        data={"signature": (io.BytesIO(b"<svg></svg>"), "chu-ky.png")},
        content_type="multipart/form-data",
    )

    settings = db.session.get(CertificateSettings, round_.id)
    assert (saved.status_code, uploaded.status_code, refused.status_code) == (302, 302, 400)
    assert (settings.participation, settings.prize, settings.issuer) == (True, False, "Sở Tư pháp")
    assert settings.signature_path.endswith(".png")
    assert "PNG hoặc JPEG" in refused.get_data(as_text=True)
    assert (
        client.get(f"/organizer/rounds/{round_.id}/certificates/signature").mimetype == "image/png"
    )


def test_a_round_issuing_without_an_issuer_is_explained_on_the_page(client, auth, app, make_user):
    round_ = gen_round(gen_contest(organizing_unit=""))
    db.session.commit()
    auth.login(make_user("organizer"))

    response = client.post(
        f"/organizer/rounds/{round_.id}/certificates", data={"prize": "y", "issuer": ""}
    )

    assert response.status_code == 400
    assert "Vui lòng nhập tên cơ quan" in response.get_data(as_text=True)


def test_the_result_page_links_to_the_certificate(client, auth, holder):
    user, round_ = holder
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    auth.login(user)

    html = page(client.get(f"/attempts/{attempt.id}/result"))

    assert f"/me/certificates/rounds/{round_.id}/participation.pdf" in html
    assert db.session.scalar(select(Certificate.id)) is None  # issued only when downloaded
