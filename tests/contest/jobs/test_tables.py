"""The rows of round exports: durations as minutes, seconds and milliseconds."""

from __future__ import annotations

from contest.jobs import tables


def test_duration_is_shown_to_the_millisecond():
    assert tables.duration_text(61_234) == "1:01.234"
