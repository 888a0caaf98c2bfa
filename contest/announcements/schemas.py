"""What the announcements API reads and answers."""

from __future__ import annotations

from marshmallow import fields

from contest.announcements.services import BODY_MAX, TITLE_MAX
from contest.core.api.schemas import ApiSchema, Bool, Id, Moment, Text
from contest.core.markup import render_markdown


class AnnouncementSchema(ApiSchema):
    id = Id(required=True)
    contest_id = Id(required=True)
    title = Text(required=True)
    body = Text(required=True, metadata={"description": "Markdown, as the organizer wrote it"})
    body_html = fields.Function(
        lambda a: str(render_markdown(a.body)),
        required=True,
        metadata={"type": "string", "description": "The body as safe HTML"},
    )
    published_at = Moment(required=True)
    pinned = Bool(required=True)
    hidden = Bool(required=True)
    updated_at = Moment(required=True)


class NewAnnouncementSchema(ApiSchema):
    """title required; body in Markdown; published now unless published_at is given."""

    title = Text(required=True, max_length=TITLE_MAX)
    body = Text(load_default="", max_length=BODY_MAX)
    published_at = Moment(allow_none=True)
    pinned = Bool(load_default=False)
    hidden = Bool(load_default=False)


class AnnouncementChangeSchema(ApiSchema):
    """Only the fields given change."""

    title = Text(max_length=TITLE_MAX)
    body = Text(max_length=BODY_MAX)
    published_at = Moment()
    pinned = Bool()
    hidden = Bool()
