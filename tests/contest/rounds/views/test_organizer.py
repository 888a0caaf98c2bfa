"""The organizer's area: unit and locality lists imported from Excel."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import select

from contest.accounts.models import Organization
from contest.core.extensions import db
from tests.contest.readers import page_text


def test_organization_list_is_imported_from_excel(client, organizer):
    book = Workbook()
    for row in [["Tên đơn vị", "Biên chế"], ["Sở Tư pháp", 80], ["Sở Y tế", "?"]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    response = client.post(
        "/organizer/organizations/import",
        data={"kind": "unit", "file": (buffer, "don-vi.xlsx")},
        content_type="multipart/form-data",
    )

    page = page_text(response)
    assert "Đã thêm 1 mục, cập nhật số lượng của 0 mục, bỏ qua 1 dòng lỗi." in page
    assert "Dòng 3: số lượng “?” không phải số nguyên không âm." in page
    assert (
        db.session.scalar(select(Organization.headcount).where(Organization.name == "Sở Tư pháp"))
        == 80
    )


def test_organization_import_refuses_a_non_workbook(client, organizer):
    response = client.post(
        "/organizer/organizations/import",
        data={"kind": "unit", "file": (io.BytesIO(b"%PDF-1.4"), "don-vi.xlsx")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    assert "không phải bảng tính đọc được" in page_text(response)
