"""What a round issues, who issues it, and the signature image (type sniffed, size capped)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from contest.certificates.settings import (
    SIGNATURE_MAX_BYTES,
    save_settings,
    save_signature,
    settings_for,
    signature_bytes,
)
from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from tests.contest.certificates.builders import signature_png
from tests.factories.rounds import gen_contest, gen_round


@pytest.fixture
def round_(app):
    return gen_round(gen_contest(organizing_unit="Sở Tư pháp tỉnh Minh Họa"))


def test_a_round_issues_nothing_until_the_organizer_chooses(round_):
    settings = settings_for(round_)

    assert (settings.participation, settings.prize) == (False, False)
    assert settings.issuer == "Sở Tư pháp tỉnh Minh Họa"


def test_choosing_what_a_round_issues_is_audited(round_, make_user):
    organizer = make_user("organizer")

    save_settings(round_, participation=True, prize=True, issuer="Sở Tư pháp", actor=organizer)

    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "certificates.settings")
    )
    assert entry.actor_id == organizer.id
    assert entry.after == {"issuer": "Sở Tư pháp", "participation": True, "prize": True}


def test_a_round_that_issues_certificates_needs_an_issuer(round_):
    with pytest.raises(InvalidInput) as refused:
        save_settings(round_, participation=True, prize=False, issuer="  ")

    assert "issuer" in refused.value.details["fields"]


def test_a_png_signature_is_stored_under_its_content_and_audited(round_):
    data = signature_png()

    settings = save_signature(round_, data)

    assert settings.signature_path.endswith(".png")
    assert signature_bytes(settings.signature_path) == data
    assert (
        db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.object_type == "contest_round")
        )
        == "certificates.signature"
    )


def test_a_jpeg_signature_is_accepted(round_):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), "white").save(buffer, "JPEG")

    assert save_signature(round_, buffer.getvalue()).signature_path.endswith(".jpg")


def test_the_signature_type_is_read_from_its_bytes_not_its_name(round_):
    with pytest.raises(InvalidInput) as refused:
        save_signature(round_, b"GIF89a" + b"\0" * 100)

    assert "PNG hoặc JPEG" in refused.value.details["fields"]["signature"]


def test_a_signature_over_one_megabyte_is_refused(round_):
    with pytest.raises(InvalidInput) as refused:
        save_signature(round_, b"\x89PNG\r\n\x1a\n" + b"\0" * SIGNATURE_MAX_BYTES)

    assert "1 MB" in refused.value.details["fields"]["signature"]


def test_a_broken_image_is_refused(round_):
    with pytest.raises(InvalidInput) as refused:
        save_signature(round_, b"\x89PNG\r\n\x1a\n" + b"not really a png")

    assert "Không đọc được" in refused.value.details["fields"]["signature"]


def test_an_oversized_image_is_refused(round_):
    buffer = io.BytesIO()
    Image.new("1", (5000, 10)).save(buffer, "PNG")

    with pytest.raises(InvalidInput):
        save_signature(round_, buffer.getvalue())
