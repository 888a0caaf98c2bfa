"""A candidate's result: what the round lets them see of a final attempt, with their rank."""

from __future__ import annotations

from contest.core.extensions import db
from contest.ranking import results
from tests.contest.attempts.taking import finished


def test_review_policy_never_hides_the_score_until_results_are_published(app, now, candidate):
    attempt = finished(candidate, now, review_policy="never")

    result = results.attempt_result(attempt.id, candidate, now())
    assert (result.score_visible, result.review, result.rank) == (False, None, None)

    attempt.round.results_published_at = now()
    db.session.commit()
    assert results.attempt_result(attempt.id, candidate, now()).score_visible


def test_result_shows_the_rank_when_the_leaderboard_is_open_to_candidates(app, now, candidate):
    attempt = finished(candidate, now, leaderboard_visibility="candidates")

    result = results.attempt_result(attempt.id, candidate, now())

    assert (result.score_visible, result.rank) == (True, 1)


def test_result_has_no_rank_when_the_leaderboard_is_for_judges(app, now, candidate):
    attempt = finished(candidate, now, leaderboard_visibility="judges")

    result = results.attempt_result(attempt.id, candidate, now())

    assert (result.score_visible, result.rank) == (True, None)
