"""What the exports API reads and answers: the kind of list, and export jobs."""

from __future__ import annotations

from marshmallow import EXCLUDE, fields

from contest.core.api.schemas import ApiSchema, Count, Dict, Enum, Id, Moment, Text
from contest.core.export_writer import FORMATS
from contest.jobs.exports import KINDS
from contest.jobs.models import JobStatus, OperationKind
from contest.jobs.operations.progress import phase_label

KIND = {"enum": list(KINDS)}


class ExportArgs(ApiSchema):
    class Meta:
        unknown = EXCLUDE

    kind = Text(load_default="leaderboard", max_length=20, metadata=KIND)


class NewJobSchema(ApiSchema):
    """The list and the format to write; the service checks both."""

    kind = Text(load_default="", max_length=20, metadata=KIND)
    fmt = Text(load_default="", max_length=8, data_key="format", metadata={"enum": list(FORMATS)})


class JobSchema(ApiSchema):
    id = Id(required=True)
    round_id = Id(required=True)
    kind = Text(required=True, metadata=KIND)
    fmt = Text(required=True, data_key="format", metadata={"enum": list(FORMATS)})
    status = Enum(JobStatus, required=True)
    progress = Count(required=True, metadata={"description": "Rows written so far"})
    total = Count(required=True, allow_none=True, metadata={"description": "Rows to write"})
    error = Text(required=True, allow_none=True)
    created_at = Moment(required=True)
    finished_at = Moment(required=True, allow_none=True)


class OperationSchema(ApiSchema):
    id = Id(required=True)
    kind = Enum(OperationKind, required=True)
    round_id = Id(required=True, allow_none=True)
    status = Enum(JobStatus, required=True)
    phase = Text(required=True, metadata={"description": "queued, running, reading, … done"})
    phase_label = fields.Function(
        lambda operation: phase_label(operation.phase),
        required=True,
        metadata={"type": "string", "description": "The phase in words (Vietnamese)"},
    )
    done = Count(required=True, metadata={"description": "Items done so far in this phase"})
    total = Count(required=True, allow_none=True, metadata={"description": "Items in all"})
    result = Dict(required=True, allow_none=True, metadata={"description": "What it did"})
    error = Text(required=True, allow_none=True)
    created_at = Moment(required=True)
    finished_at = Moment(required=True, allow_none=True)
