"""CCCD numbers and Vietnamese mobile numbers: what is accepted, normalised, and refused."""

from datetime import date

import pytest

from contest.accounts.identity import IdentityError, normalize_phone, validate_cccd


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0387-654-321", "0387654321"),
    ],
)
def test_mobile_numbers_in_common_forms_are_normalized(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Vui lòng nhập số điện thoại"),
        ("09123", "cần 10 chữ số"),
        ("091234567890", "cần 10 chữ số"),
        ("0212345678", "bắt đầu bằng 03, 05, 07, 08 hoặc 09"),
        ("09a2345678", "chỉ gồm chữ số"),
        ("+1 912 345 678", r"có thể bắt đầu bằng \+84"),
    ],
)
def test_malformed_mobile_numbers_are_refused_in_vietnamese(raw, message):
    with pytest.raises(IdentityError, match=message):
        normalize_phone(raw)


def test_valid_cccd_matching_birth_date_and_sex():
    assert validate_cccd("001090012345", date(1990, 5, 1), "male") == "001090012345"
    assert validate_cccd("079305000001", date(2005, 1, 1), "female") == "079305000001"
    assert validate_cccd("001090012345", date(1990, 5, 1), "other") == "001090012345"


@pytest.mark.parametrize(
    ("raw", "birth", "gender", "message"),
    [
        ("", date(1990, 1, 1), "male", "Vui lòng nhập số CCCD"),
        ("00109001234", date(1990, 1, 1), "male", "đúng 12 chữ số"),
        ("0010900123456", date(1990, 1, 1), "male", "đúng 12 chữ số"),
        ("00109001234a", date(1990, 1, 1), "male", "chỉ gồm chữ số"),
        ("003090012345", date(1990, 1, 1), "male", "Mã tỉnh 003"),
        ("099090012345", date(1990, 1, 1), "male", "Mã tỉnh 099"),
        ("001290012345", date(1990, 1, 1), "male", "không khớp với năm sinh 1990"),
        ("001005012345", date(2005, 1, 1), "male", "không khớp với năm sinh 2005"),
        ("001091012345", date(1990, 1, 1), "male", "hai số cuối năm sinh"),
        ("001190012345", date(1990, 1, 1), "male", "không khớp với giới tính"),
        ("001090012345", date(1990, 1, 1), "female", "không khớp với giới tính"),
    ],
)
def test_malformed_cccd_is_refused_with_the_reason(raw, birth, gender, message):
    with pytest.raises(IdentityError, match=message):
        validate_cccd(raw, birth, gender)
