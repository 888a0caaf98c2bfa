"""Validation and normalisation of Vietnamese identity data: CCCD numbers and mobile phones."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

# Province codes of the 12-digit CCCD (Thông tư 07/2016/TT-BCA, sửa đổi bởi 59/2021/TT-BCA):
# the place where the birth was registered, the 63 provinces before the 2025 merger.
CCCD_PROVINCE_CODES = frozenset(
    (  # noqa: SIM905 - a readable block of codes
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
        "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
        "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
    ).split()
)

# Fourth digit: century of birth and sex (0/1: 1900s, 2/3: 2000s, 4/5: 2100s …; even = male).
_CENTURY_BY_DIGIT = {digit: 1900 + 100 * (digit // 2) for digit in range(10)}

_MOBILE_RE = re.compile(r"0[35789]\d{8}")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


class IdentityError(ValueError):
    """A malformed identifier; the message is shown to the candidate as is."""


def validate_cccd(value: str, birth_date: date | None = None, gender: str | None = None) -> str:
    """Return the CCCD if it is well formed and consistent with the birth date and sex."""
    number = (value or "").strip().replace(" ", "")
    if not number:
        raise IdentityError(_l("Vui lòng nhập số CCCD."))
    if not number.isdigit() or not number.isascii():
        raise IdentityError(_l("Số CCCD chỉ gồm chữ số."))
    if len(number) != 12:
        raise IdentityError(
            _l("Số CCCD phải có đúng 12 chữ số (bạn đã nhập %(n)s).", n=len(number))
        )
    if number[:3] not in CCCD_PROVINCE_CODES:
        raise IdentityError(
            _l("Mã tỉnh %(code)s ở 3 chữ số đầu của số CCCD không tồn tại.", code=number[:3])
        )
    digit = int(number[3])
    if birth_date is not None:
        century = _CENTURY_BY_DIGIT[digit]
        if not century <= birth_date.year < century + 100:
            raise IdentityError(
                _l(
                    "Chữ số thứ 4 của số CCCD không khớp với năm sinh %(year)s.",
                    year=birth_date.year,
                )
            )
        if number[4:6] != f"{birth_date.year % 100:02d}":
            raise IdentityError(
                _l(
                    "Chữ số thứ 5–6 của số CCCD phải là hai số cuối năm sinh (%(yy)s).",
                    yy=f"{birth_date.year % 100:02d}",
                )
            )
    if gender in ("male", "female") and (digit % 2 == 0) != (gender == "male"):
        raise IdentityError(_l("Chữ số thứ 4 của số CCCD không khớp với giới tính đã chọn."))
    return number


def normalize_phone(value: str) -> str:
    """Return a Vietnamese mobile number as 0XXXXXXXXX from 0912…, +84912…, with spaces or dots."""
    raw = _PHONE_SEPARATORS.sub("", (value or "").strip())
    if not raw:
        raise IdentityError(_l("Vui lòng nhập số điện thoại."))
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) == 11:
        raw = "0" + raw[2:]
    if not raw.isdigit() or not raw.isascii():
        raise IdentityError(_l("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84)."))
    if not _MOBILE_RE.fullmatch(raw):
        raise IdentityError(
            _l(
                "Số điện thoại di động không hợp lệ: cần 10 chữ số, "
                "bắt đầu bằng 03, 05, 07, 08 hoặc 09."
            )
        )
    return raw


def looks_like_cccd(value: str) -> bool:
    """A login identifier of 12 digits is a CCCD (a phone has 10)."""
    stripped = value.strip().replace(" ", "")
    return len(stripped) == 12 and stripped.isdigit()
