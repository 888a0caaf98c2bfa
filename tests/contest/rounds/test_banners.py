"""A contest's banner: known by its content, never its name; at most 2 MB."""

from __future__ import annotations

import pytest

from contest.core.errors import InvalidInput
from contest.core.storage import storage
from contest.rounds import banners, contests


def field_errors(excinfo) -> dict:
    return excinfo.value.details["fields"]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture
def uploads(app):
    """The shared file storage, where banners are kept."""
    return storage()


@pytest.mark.parametrize(("data", "suffix"), [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp")])
def test_banner_is_stored_by_its_real_type(uploads, data, suffix):
    contest = contests.create_contest({"title": "A"})

    name = banners.save_banner(contest, data)

    assert name.endswith(f".{suffix}")
    assert uploads.get(f"banners/{name}") == data
    assert banners.banner_file(contest) == (data, banners.BANNER_TYPES[suffix])


def test_banner_that_is_not_an_image_is_refused_whatever_its_name(uploads):
    contest = contests.create_contest({"title": "A"})

    with pytest.raises(InvalidInput) as excinfo:
        banners.save_banner(contest, b"<svg onload=alert(1)>")

    assert field_errors(excinfo) == {"banner": "Ảnh bìa phải là tệp PNG, JPEG hoặc WebP."}
    assert contest.banner_path is None


def test_banner_over_two_megabytes_is_refused(uploads):
    contest = contests.create_contest({"title": "A"})

    with pytest.raises(InvalidInput) as excinfo:
        banners.save_banner(contest, PNG + b"\x00" * (2 * 1024 * 1024))

    assert field_errors(excinfo) == {"banner": "Ảnh bìa tối đa 2 MB."}
