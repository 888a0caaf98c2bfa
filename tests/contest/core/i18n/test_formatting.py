"""Human units: m:ss durations, scores with the Vietnamese decimal comma, order in words."""

from __future__ import annotations

from contest.core.i18n import formatting


def test_durations_read_as_minutes_and_seconds_or_hours():
    assert formatting.duration_ms(81_457) == "1:21"
    assert formatting.duration_ms(3_725_000) == "1:02:05"
    assert formatting.duration_ms(None) == ""
    assert formatting.seconds_of(81_457) == 81.457


def test_scores_have_no_spurious_decimals_and_a_decimal_comma(app):
    assert formatting.score(3.0) == "3"
    assert formatting.score(7.5) == "7,5"
    assert formatting.number(2 / 3) == "0,67"
    assert formatting.percent(0.4567) == "45,7 %"


def test_scores_take_a_decimal_point_in_english(app):
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        assert formatting.score(7.5) == "7.5"


def test_the_ranking_order_is_said_in_words(app):
    assert formatting.ranking_order(["score", "duration"]) == (
        "điểm cao hơn xếp trên; nếu vẫn bằng nhau, thời gian làm bài ngắn hơn xếp trên"
    )
