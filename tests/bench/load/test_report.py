"""The load benchmark's report: the run's rate against the ceiling measured before and after it."""

from __future__ import annotations

import pytest

from bench.load import report


def _run(requests: int, seconds: float = 10.0) -> tuple[list, dict]:
    """`requests` answered saves spread over a window of `seconds` after the release."""
    samples = [
        ["run", "save", 1000.0 + i * seconds / requests, 12.0, 200, None] for i in range(requests)
    ]
    return samples, {"released_at": 1000.0, "stopped_at": 1000.0 + seconds}


def test_a_run_is_compared_with_the_ceiling_before_and_after_it():
    samples, client = _run(300)

    figures = report.summarize(samples, client, {"rps": 100.0}, {"rps": 150.0})

    assert figures["rps"] == pytest.approx(30.0)
    assert figures["ratio"] == pytest.approx(0.30)
    assert figures["ratio_after"] == pytest.approx(0.20)
    head = report.markdown("closed", figures).splitlines()[2]
    assert "100.0/s before the run and 150.0/s after it" in head
    assert "**ratio 0.30 / 0.20**" in head


def test_a_run_measured_against_one_ceiling_reports_one_ratio():
    samples, client = _run(300)

    figures = report.summarize(samples, client, {"rps": 100.0})

    assert "ratio_after" not in figures
    assert "**ratio 0.30**" in report.markdown("closed", figures)
