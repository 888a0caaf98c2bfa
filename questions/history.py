"""A readable difference between two versions of a question, for the history page."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from questions.labels import difficulty_label, points_label, type_label
from questions.models import QuestionVersion

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of words that is unchanged ("equal"), added ("insert") or removed ("delete")."""

    kind: str
    text: str


@dataclass(frozen=True)
class Change:
    """One field that differs; text fields also carry a word-level diff."""

    label: str
    before: str
    after: str
    segments: list[Segment] = field(default_factory=list)


def word_diff(before: str, after: str) -> list[Segment]:
    """Word-level diff of two texts, as segments to show with <del> and <ins>."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return segments


def _text_change(label, before: str | None, after: str | None) -> Change | None:
    before, after = before or "", after or ""
    if before == after:
        return None
    return Change(str(label), before, after, word_diff(before, after))


def _option_line(version: QuestionVersion, position: int) -> str:
    option = next((o for o in version.options if o.position == position), None)
    if option is None:
        return ""
    mark = " ✓" if option.is_correct else ""
    feedback = f" — {option.feedback}" if option.feedback else ""
    return f"{option.label}. {option.text}{mark}{feedback}"


def _answers(version: QuestionVersion) -> str:
    answers = "; ".join(version.accepted_answers or ())
    if answers and version.ignore_diacritics:
        return f"{answers} ({_l('chấp nhận cả khi gõ không dấu')})"
    return answers


def version_changes(before: QuestionVersion, after: QuestionVersion) -> list[Change]:
    """What changed from one version to the next, field by field, options by position."""
    changes = [
        _text_change(_l("Nội dung câu hỏi"), before.text, after.text),
        _text_change(_l("Loại câu hỏi"), type_label(before.qtype), type_label(after.qtype)),
        _text_change(_l("Chủ đề"), before.topic.name, after.topic.name),
        _text_change(
            _l("Mức độ"), difficulty_label(before.difficulty), difficulty_label(after.difficulty)
        ),
    ]
    positions = max(len(before.options), len(after.options))
    for position in range(positions):
        label = _l("Phương án %(label)s", label="ABCDEFGHIJ"[position])
        changes.append(
            _text_change(label, _option_line(before, position), _option_line(after, position))
        )
    changes += [
        _text_change(_l("Đáp án được chấp nhận"), _answers(before), _answers(after)),
        _text_change(_l("Điểm"), points_label(before.points), points_label(after.points)),
        _text_change(_l("Căn cứ pháp lý"), before.legal_basis, after.legal_basis),
        _text_change(_l("Giải thích"), before.explanation, after.explanation),
    ]
    return [change for change in changes if change is not None]
