"""Readers for results tests: rankings, prize lists, exported CSV and pages as plain values."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from contest.accounts.models import User
from contest.core.export_writer import CSV_BOM
from contest.core.extensions import db
from contest.ranking.order import round_ranking
from contest.rounds.models import Round


def ranking_lines(round_: Round, as_of: datetime | None = None) -> list[tuple[str, int, bool]]:
    """[(full name, rank, tied)] of the round's full ranking computed now, in order."""
    rows = db.session.execute(round_ranking(round_, as_of)).mappings().all()
    names = {r["user_id"]: db.session.get(User, r["user_id"]).full_name for r in rows}
    return [
        (names[r["user_id"]], r["rank"], bool(r["tied"]))
        for r in sorted(rows, key=lambda r: r["position"])
    ]


def prize_lines(result) -> list[tuple[str, str | None, int, bool]]:
    """[(full name, tier, rank, boundary tie)] of a prize list, in list order."""
    return [
        (a.full_name, a.tier.name if a.tier else None, a.rank, a.boundary_tie)
        for a in sorted(result.awards, key=lambda a: a.position)
    ]


def export_csv_parts(data: bytes) -> tuple[list[list[str]], bytes]:
    """(title rows, table bytes) of an exported CSV: the table follows the first empty line."""
    assert data.startswith(CSV_BOM)
    title, _, body = data[len(CSV_BOM) :].partition(b"\r\n\r\n")
    return list(csv.reader(io.StringIO(title.decode()))), body


def html_of(client, url: str, status: int = 200) -> str:
    """The page at `url`, which must answer `status`."""
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def page_text(response) -> str:
    """The body of a response, as text."""
    return response.get_data(as_text=True)
