"""Regrades in force: a corrected key mapped onto the version each candidate was shown.

A regrade (contest.statistics) records, per round and question, the version whose key is right;
every later scoring of the round uses it: options are matched by position, a fill-in question
takes the corrected version's accepted answers, and points stay those of the version shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select

from contest.attempts.marking.scoring import FILL_IN, ItemKey
from contest.attempts.models import RegradeKey
from contest.core.extensions import db
from questions.models import QuestionOption, QuestionVersion


def corrected_key(
    shown_options: Sequence[QuestionOption],
    source_options: Sequence[QuestionOption],
    key: ItemKey,
    source: QuestionVersion | None = None,
) -> ItemKey:
    """The key of a corrected version mapped onto the version shown, option by position.

    Used by regrades: the corrected version's correct positions become the shown options; a
    fill-in question takes the corrected version's accepted answers. Points stay those of the
    version shown.
    """
    if key.qtype == FILL_IN and source is not None:
        accepted = tuple(source.accepted_answers or ())
        return replace(key, accepted=accepted, ignore_diacritics=source.ignore_diacritics)
    correct = frozenset(shown_options[o.position].id for o in source_options if o.is_correct)
    return replace(key, correct=correct)


def regrade_overrides(
    round_ids: set[int], shown: dict[int, list[tuple[int, int]]], keys: dict[int, ItemKey]
) -> dict[tuple[int, int], ItemKey]:
    """{(round id, shown version id): key} for the regrades in force in these rounds.

    An attempt still running when a key was corrected is scored with the correction too.
    """
    corrections = {
        (row.round_id, row.question_id): row.version_id
        for row in db.session.scalars(select(RegradeKey).where(RegradeKey.round_id.in_(round_ids)))
    }
    if not corrections:
        return {}
    shown_versions_ = {v for items in shown.values() for _q, v in items}
    options: dict[int, list[QuestionOption]] = defaultdict(list)
    for option in db.session.scalars(
        select(QuestionOption)
        .where(QuestionOption.version_id.in_(shown_versions_ | set(corrections.values())))
        .order_by(QuestionOption.version_id, QuestionOption.position)
    ):
        options[option.version_id].append(option)
    sources = {
        version.id: version
        for version in db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.id.in_(set(corrections.values())))
        )
    }
    overrides = {}
    for (round_id, question_id), source in corrections.items():
        for version_id, key in keys.items():
            same_shape = len(options[version_id]) == len(options[source])
            if key.question_id == question_id and same_shape:
                overrides[(round_id, version_id)] = corrected_key(
                    options[version_id], options[source], key, sources.get(source)
                )
    return overrides
