"""The rows of round exports: durations as m:ss beside numeric seconds, words for codes."""

from __future__ import annotations

from types import SimpleNamespace

from contest.jobs import tables


def test_a_whole_score_is_written_as_a_whole_number():
    assert (tables.plain_number(3.0), tables.plain_number(7.5), tables.plain_number(None)) == (
        3,
        7.5,
        None,
    )


def test_attempt_rows_give_seconds_and_m_ss_for_the_time_taken(app):
    attempt = SimpleNamespace(
        id=1,
        number=1,
        full_name="A",
        id_number="",
        unit="",
        locality="",
        status="expired",
        started_at=None,
        submitted_at=None,
        score=3.0,
        max_score=10.0,
        correct_count=3,
        duration_ms=81_457,
        prediction=None,
        ip="",
    )

    (row,) = tables.attempt_rows([attempt])

    assert row[9:15] == [3, 10, 3, 81.457, "1:21", None]
    assert row[6] == "Hết giờ"
