"""A contest's ranking across rounds: the sum of the counted rows, the best round, a group."""

from __future__ import annotations

from contest.ranking.contest_ranking import contest_standings
from contest.rounds.models import RankingMode
from tests.factories.accounts import gen_candidates
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_contest, gen_group, gen_participation, gen_round


def test_contest_ranking_sums_the_counted_rows_of_every_round(app):
    contest = gen_contest(ranking_mode=RankingMode.SUM)
    week1, week2 = gen_round(contest), gen_round(contest)
    a, b, c = gen_candidates("An", "Bình", "Cường")
    gen_attempt(week1, a, score=9, duration_ms=100)
    gen_attempt(week2, a, score=6, duration_ms=100)
    gen_attempt(week1, b, score=10, duration_ms=50)
    gen_attempt(week2, b, score=5, duration_ms=100)
    gen_attempt(week1, c, score=10, duration_ms=10)

    rows, total = contest_standings(contest)

    assert total == 3
    assert [
        (r["full_name"], r["score"], r["duration_ms"], r["rank"], r["rounds"]) for r in rows
    ] == [("Bình", 15, 150, 1, 2), ("An", 15, 200, 2, 2), ("Cường", 10, 10, 3, 1)]


def test_contest_ranking_best_round_takes_each_candidates_best_round(app):
    contest = gen_contest(ranking_mode=RankingMode.BEST)
    week1, week2 = gen_round(contest), gen_round(contest)
    a, b = gen_candidates("An", "Bình")
    gen_attempt(week1, a, score=6)
    gen_attempt(week2, a, score=9, duration_ms=70_000)
    gen_attempt(week1, b, score=9, duration_ms=60_000)

    rows, _ = contest_standings(contest)

    assert [(r["full_name"], r["score"], r["best_round_id"]) for r in rows] == [
        ("Bình", 9, week1.id),
        ("An", 9, week2.id),
    ]


def test_contest_ranking_per_group_ranks_members_only(app):
    contest = gen_contest()
    week = gen_round(contest)
    students, officials = gen_group(contest, "Học sinh"), gen_group(contest, "Cán bộ")
    a, b, c = gen_candidates("An", "Bình", "Cường")
    gen_participation(contest, a, students)
    gen_participation(contest, b, officials)
    gen_participation(contest, c, students)
    for user, score in ((a, 5), (b, 10), (c, 7)):
        gen_attempt(week, user, score=score)

    rows, total = contest_standings(contest, students.id)

    assert total == 2
    assert [(r["full_name"], r["rank"]) for r in rows] == [("Cường", 1), ("An", 2)]
