"""What an import yields: typed questions and options, and the report that also names problems.

RowError, one problem in one cell, is defined with the error codes in ``errors``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from questions.importer.errors import RowError

QuestionType = Literal["single", "multiple", "true_false"]
Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True)
class ParsedOption:
    """One answer option; label is its letter after empty columns are closed up."""

    label: str
    text: str
    is_correct: bool


@dataclass(frozen=True)
class ParsedQuestion:
    """A valid question row; row is the 1-based Excel row number it came from."""

    sheet: str
    row: int
    text: str
    qtype: QuestionType
    options: tuple[ParsedOption, ...]
    topic: str
    difficulty: Difficulty
    legal_basis: str | None
    explanation: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ConvertedRow:
    """A row where at least one cell was converted from a legacy encoding ("tcvn3" or "vni")."""

    sheet: str
    row: int
    encoding: str


@dataclass
class ParseReport:
    """What a workbook holds: valid questions, row errors, duplicates and conversions."""

    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: int = 0
    converted_rows: list[ConvertedRow] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # sheets whose rows were read
    skipped_sheets: list[str] = field(default_factory=list)  # non-empty sheets without a header
    rows_read: int = 0  # non-blank rows under a header: questions + duplicates + rows in error

    def by_topic(self) -> dict[str, dict[str, dict[str, int]]]:
        """Counts of valid questions as {topic: {difficulty: {qtype: n}}}, for the preview."""
        counts: dict[str, dict[str, dict[str, int]]] = {}
        for question in self.questions:
            kinds = counts.setdefault(question.topic, {}).setdefault(question.difficulty, {})
            kinds[question.qtype] = kinds.get(question.qtype, 0) + 1
        return counts

    def to_dict(self, imported: int) -> dict[str, Any]:
        """The JSON body of an import answer (shared/API.md); imported is what was written."""
        return {
            "imported": imported,
            "duplicates": self.duplicates,
            "errors": [asdict(error) for error in self.errors],
            "converted_rows": [asdict(row) for row in self.converted_rows],
            "by_topic": self.by_topic(),
        }
