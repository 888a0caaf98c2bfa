"""The certificate PDF: the same bytes every time, Vietnamese text that reads back intact."""

from __future__ import annotations

import io

from pypdf import PdfReader

from contest.certificates.document import render
from contest.certificates.issuing import issue
from contest.certificates.models import CertificateKind
from contest.core.extensions import db
from tests.contest.certificates.builders import (
    BASE,
    finished,
    issuing_round,
    locked_prizes,
    signature_png,
)
from tests.factories.accounts import gen_candidate


def issued(holder, now):
    user, round_ = holder
    return issue(user, round_.id, CertificateKind.PARTICIPATION, now(), BASE)


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_generating_a_certificate_again_gives_the_same_bytes(holder, now):
    certificate = issued(holder, now)
    signature = signature_png()

    first = render(certificate, signature)
    db.session.expire_all()
    second = render(db.session.get(type(certificate), certificate.id), signature)

    assert first.startswith(b"%PDF-")
    assert first == second


def test_the_pdf_dates_and_ids_come_from_the_issue(holder, now):
    certificate = issued(holder, now)

    reader = PdfReader(io.BytesIO(render(certificate)))

    assert reader.metadata.creation_date.timestamp() == certificate.issued_at.timestamp()
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


def test_another_certificate_gives_another_file(holder, now, make_user):
    certificate = issued(holder, now)
    _user, round_ = holder
    other = make_user(full_name="Lê Văn Bình")
    finished(round_, other)
    second = issue(other, round_.id, CertificateKind.PARTICIPATION, now(), BASE)

    assert render(certificate) != render(second)


def test_the_text_reads_back_with_its_vietnamese_diacritics(holder, now):
    certificate = issued(holder, now)

    text = text_of(render(certificate, signature_png()))

    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "NGUYỄN THỊ ÁNH",
        "Đã tham gia Tuần thi thứ nhất",
        "Cuộc thi tìm hiểu Hiến pháp năm 2026",
        "Kết quả: Đạt 8,5/10 điểm",
        "SỞ TƯ PHÁP TỈNH MINH HỌA",
        "Ngày 27 tháng 11 năm 2026",
        "Trần Văn Bình",
        f"Mã xác thực: {certificate.code[:5]}-{certificate.code[5:]}",
        certificate.verify_url,
    ):
        assert expected in text, expected


def test_the_font_is_embedded(holder, now):
    reader = PdfReader(io.BytesIO(render(issued(holder, now))))
    fonts = reader.pages[0]["/Resources"]["/Font"]

    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts.values()
    ]

    assert all("/FontFile2" in descriptor for descriptor in descriptors)
    assert any("DejaVuSans" in str(descriptor["/FontName"]) for descriptor in descriptors)


def test_a_prize_certificate_states_the_prize(app, now):
    round_ = issuing_round(participation=False, prize=True)
    winner = gen_candidate("Phạm Thu Hà")
    locked_prizes(round_, [(winner, "Giải nhì")])

    certificate = issue(winner, round_.id, CertificateKind.PRIZE, now(), BASE)

    assert "Đã đạt Giải nhì" in text_of(render(certificate))
