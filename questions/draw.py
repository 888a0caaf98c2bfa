"""The draw: each attempt's own question set, reproducible from its seed and fair across attempts.

Pure functions: a judge who knows the seed, the round's pool snapshot and the questions the
candidate had already seen re-derives exactly what the candidate was shown.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass


@dataclass(frozen=True)
class DrawCell:
    """One line of a blueprint: draw `count` questions from `pool` (question ids)."""

    key: str
    pool: Sequence[int]
    count: int


def cell_key(topic_id: int, difficulty: str | None) -> str:
    """Stable key of a blueprint cell, used in pool snapshots."""
    return f"{topic_id}:{difficulty or '*'}"


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent, reproducible stream per purpose (string seeds hash stably in Python)."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def draw_questions(
    seed: int,
    cells: Sequence[DrawCell],
    *,
    seen: AbstractSet[int] = frozenset(),
    shuffle: bool = True,
) -> list[int]:
    """Question ids for one attempt, in the order shown.

    Every eligible question of a cell has the same chance, so use evens out across attempts;
    questions the candidate already saw in earlier attempts are used only when a cell runs out.
    """
    chosen: list[int] = []
    taken: set[int] = set()
    for cell in cells:
        rng = _rng(seed, "cell", cell.key)
        pool = sorted(set(cell.pool) - taken)
        fresh = [q for q in pool if q not in seen]
        if len(fresh) >= cell.count:
            picked = rng.sample(fresh, cell.count)
        else:
            repeats = [q for q in pool if q in seen]
            picked = fresh + rng.sample(repeats, min(cell.count - len(fresh), len(repeats)))
        chosen.extend(picked)
        taken.update(picked)
    if shuffle:
        _rng(seed, "order").shuffle(chosen)
    return chosen


def option_order(
    seed: int, question_id: int, option_ids: Sequence[int], *, shuffle: bool
) -> list[int]:
    """The order a question's options are shown in for one attempt."""
    order = list(option_ids)
    if shuffle:
        _rng(seed, "options", question_id).shuffle(order)
    return order


def new_seed() -> int:
    """A fresh seed that fits a signed 64-bit column."""
    return random.SystemRandom().randrange(1, 2**62)
