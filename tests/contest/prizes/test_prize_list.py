"""The prize list as signed: its checksum is the SHA-256 of its canonical CSV, and anyone can
recompute it from an exported .csv or .xlsx."""

from __future__ import annotations

import csv
import hashlib
import io

import openpyxl
import pytest

from contest.core import export_writer
from contest.prizes.prize_list import prize_headers, prize_rows
from tests.contest.readers import export_csv_parts
from tests.factories.scenes import gen_locked_export_round, gen_locked_list


@pytest.fixture
def locked(app, now, make_user):
    return gen_locked_export_round(make_user)


def test_checksum_is_the_sha256_of_the_canonical_csv(app, now, make_user):
    _, _, result = gen_locked_list(make_user)
    body = export_writer.canonical_csv(prize_headers(), prize_rows(result))

    assert hashlib.sha256(body).hexdigest() == result.sha256
    assert body.decode().splitlines()[1].startswith("1,Giải nhất,,1,Thí sinh 1,")


def test_checksum_recomputed_from_the_exported_csv_bytes(client, auth, locked, make_user):
    _, result = locked
    auth.login(make_user("judge"))

    data = client.get(f"/api/v1/prize-results/{result.id}/export.csv").data
    title, body = export_csv_parts(data)

    assert hashlib.sha256(body).hexdigest() == result.sha256
    assert ["SHA-256", result.sha256] in title
    assert ["Trạng thái", "Đã khóa"] in title
    assert "'@Trần Bình" in body.decode()
    assert "'=Xã Bình An" in body.decode()


def test_checksum_recomputed_from_the_exported_xlsx(client, auth, locked, make_user, tmp_path):
    _, result = locked
    auth.login(make_user("judge"))
    path = tmp_path / "giai.xlsx"
    path.write_bytes(client.get(f"/api/v1/prize-results/{result.id}/export.xlsx").data)

    rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    title = {r[0]: r[1] for r in rows[: rows.index([None] * len(rows[0]))] if r[0]}
    table_rows = rows[rows.index([None] * len(rows[0])) + 1 :]
    # The cells hold the neutralized text already: write them back without a second prefix.
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table_rows:
        writer.writerow(
            [
                "" if v is None else export_writer.cell_text(v) if not isinstance(v, str) else v
                for v in row
            ]
        )

    assert title["SHA-256"] == result.sha256
    assert hashlib.sha256(text.getvalue().encode()).hexdigest() == result.sha256
