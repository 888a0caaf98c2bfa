"""What an import yields: typed questions and options, and the report that also names problems.

RowError, one problem in one cell, is defined with the error codes in ``errors``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from questions.importer.errors import RowError

QuestionType = Literal["single", "multiple", "true_false", "fill_in"]
Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True)
class ParsedOption:
    """One answer option; label is its letter after empty columns are closed up."""

    label: str
    text: str
    is_correct: bool
    feedback: str | None = None  # per-option feedback (Moodle), kept for a lossless round trip


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
    points: float | None = None  # from a points column; None: the round's scoring
    answers: tuple[str, ...] = ()  # fill_in: the accepted answers, as typed
    ignore_diacritics: bool = False  # fill_in: also accept an answer typed without diacritics


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """One column of a sheet as the mapping page shows it: header, samples, field (or None)."""

    index: int  # 0-based column index in the sheet (A = 0)
    letter: str
    header: str
    samples: tuple[str, ...]
    field: str | None  # the mapping vocabulary's field name, None when not recognised


@dataclass(frozen=True, slots=True)
class MappingProposal:
    """How the columns of a bank's header row were read, for a person to confirm or correct.

    signature identifies the header texts (so a mapping can be remembered for them); missing
    lists the required fields no column holds; unsure says why detection needs checking.
    """

    sheet: str
    header_row: int  # 1-based row number of the header
    signature: str
    columns: tuple[ColumnInfo, ...]
    missing: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()

    @property
    def needed(self) -> bool:
        """True when the file cannot be read without a mapping."""
        return bool(self.missing)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the error details and, later, the mapping page use it)."""
        return {**asdict(self), "needed": self.needed}


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
    source: str = "workbook"  # workbook, docx or moodle
    mapping: MappingProposal | None = None  # the columns of the first question sheet
    guide_sheets: list[str] = field(default_factory=list)  # skipped as instructions
    code_sheets: list[str] = field(default_factory=list)  # read as code tables
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # {field: {code: name}} used
    unresolved_codes: dict[str, list[str]] = field(default_factory=dict)  # codes without a name

    @property
    def mapping_unsure(self) -> bool:
        """True when a person should check how the columns were read before importing."""
        return self.mapping is not None and bool(self.mapping.unsure or self.unresolved_codes)

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
