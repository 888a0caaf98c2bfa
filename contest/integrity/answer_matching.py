"""Answer sheets of a round's final attempts, and the clusters that saved them in step.

The integrity report flags a cluster (same_answers): attempts of different accounts with the
same answers to the same questions, every one saved within seconds of the other's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

from contest.attempts.models import Answer, Attempt
from contest.core.extensions import db
from contest.ranking.order import FINAL_STATUSES
from contest.rounds.models import Round
from questions.importer.fill_in import normalise


def answer_sheets(round: Round) -> dict[int, tuple[tuple, dict, int]]:
    """attempt → (its non-empty answers as a key, save time per question, user)."""
    rows = db.session.execute(
        select(
            Answer.attempt_id,
            Answer.question_id,
            Answer.option_ids,
            Answer.text,
            Answer.saved_at,
            Attempt.user_id,
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
        .order_by(Answer.attempt_id, Answer.question_id)
    )
    answers: dict[int, list] = defaultdict(list)
    times: dict[int, dict[int, datetime]] = defaultdict(dict)
    owners: dict[int, int] = {}
    for attempt_id, question_id, option_ids, text, saved_at, user_id in rows:
        if option_ids or text:
            # A typed answer counts as the same when it compares equal, as scoring compares it.
            given = tuple(sorted(option_ids)) if option_ids else normalise(text)
            answers[attempt_id].append((question_id, given))
            times[attempt_id][question_id] = saved_at
            owners[attempt_id] = user_id
    return {a: (tuple(answers[a]), times[a], owners[a]) for a in answers}


def answer_clusters(
    attempt_ids: list[int], sheets: dict, tolerance: timedelta
) -> Iterable[list[int]]:
    """Groups of attempts linked by saving every answer within `tolerance` of each other."""
    parent = {a: a for a in attempt_ids}

    def root(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    for i, a in enumerate(attempt_ids):
        for b in attempt_ids[i + 1 :]:
            ta, tb = sheets[a][1], sheets[b][1]
            if all(abs(ta[q] - tb[q]) <= tolerance for q in ta):
                parent[root(b)] = root(a)
    clusters: dict[int, list[int]] = defaultdict(list)
    for a in attempt_ids:
        clusters[root(a)].append(a)
    return [sorted(c) for c in clusters.values() if len(c) > 1]
