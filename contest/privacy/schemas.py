"""What the personal-data API reads and answers."""

from __future__ import annotations

from contest.core.api.schemas import ApiSchema, Dict, Id, List, Moment, Nested, Text

FIELD = 255


class PersonalDataSchema(ApiSchema):
    """Everything held about the signed-in user (see contest/privacy/personal_data.py)."""

    profile = Dict(required=True)
    consent = Dict(required=True, allow_none=True)
    participations = List(Dict(), required=True)
    attempts = List(Dict(), required=True, metadata={"description": "With answers and scores"})
    prizes = List(Dict(), required=True)
    sessions = List(Dict(), required=True)
    tokens = List(Dict(), required=True)
    deletion_requests = List(Dict(), required=True)


class DeletionBodySchema(ApiSchema):
    password = Text(required=True, max_length=FIELD, metadata={"description": "To confirm"})


class BlockerSchema(ApiSchema):
    code = Text(required=True, metadata={"enum": ["locked_prize_list", "open_round"]})
    message = Text(required=True)


class DeletionOutcomeSchema(ApiSchema):
    status = Text(
        required=True,
        metadata={
            "enum": ["anonymised", "pending"],
            "description": "anonymised: done now, signed out; pending: done by retention",
        },
    )
    blockers = Nested(BlockerSchema, many=True, required=True)


class DeletionRequestSchema(ApiSchema):
    id = Id(required=True)
    user_id = Id(required=True)
    full_name = Text(required=True)
    requested_at = Moment(required=True)


class DeletionRequestListSchema(ApiSchema):
    items = Nested(DeletionRequestSchema, many=True, required=True)
