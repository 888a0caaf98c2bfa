"""The JSON API (/api/v1), declared once: schemas validate each request, shape and describe each
answer, and the served OpenAPI document is generated from the same declarations.

We use flask-smorest (marshmallow + apispec, maintained by the marshmallow team): it keeps
plain Flask blueprints and view functions, validates request bodies and query strings with
marshmallow, and serialises answers through the very schema that documents them, so the
document cannot drift from what is sent. Its own error format is not used: validation errors
become the contract's 400 `invalid_input` with `details.fields` (shared/API.md), and every
documented error answer points to the one `Error` schema.

Each domain declares its routes on its own `ApiBlueprint` in its `api.py`; the factory
registers them all with `init_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, Response, current_app, jsonify, stream_with_context
from flask_babel import lazy_gettext as _l
from flask_smorest.spec.plugins import FlaskPlugin
from webargs.flaskparser import FlaskParser, is_json_request

from contest.core import export_writer
from contest.core.api.schemas import ApiSchema, Text, flatten_messages
from contest.core.api.schemas import Dict as DictField
from contest.core.api.schemas import Nested as NestedField
from contest.core.errors import InvalidInput

PREFIX = "/api/v1"
INVALID_JSON = _l("Nội dung yêu cầu phải là một đối tượng JSON.")


class ErrorDetailSchema(ApiSchema):
    code = Text(required=True, metadata={"description": "Stable machine code, e.g. attempt_closed"})
    message = Text(required=True, metadata={"description": "Vietnamese, for people"})
    details = DictField(metadata={"description": "`fields` maps each bad field to its message"})


class ErrorSchema(ApiSchema):
    """Every error answer: `{"error": {code, message, details?}}`."""

    error = NestedField(ErrorDetailSchema, required=True)


class ContractParser(FlaskParser):
    """webargs, answering bad input the contract's way: 400 invalid_input with details.fields."""

    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        fields = flatten_messages(error.messages)
        if set(fields) == {"_schema"} and str(fields["_schema"]) == str(
            schema.error_messages.get("type")
        ):
            raise InvalidInput(INVALID_JSON, code="invalid_json")
        raise InvalidInput.for_fields(fields)

    def _raw_load_json(self, req):
        """A body that is not JSON is refused; an empty one reads as {}."""
        if not is_json_request(req) and req.get_data(cache=True):
            raise InvalidInput(INVALID_JSON, code="invalid_json")
        return super()._raw_load_json(req)

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        raise InvalidInput(INVALID_JSON, code="invalid_json")


class ApiBlueprint(flask_smorest.Blueprint):
    """A domain's part of /api/v1. Role guards document their own 401 and 403 answers."""

    ARGUMENTS_PARSER = ContractParser()

    def __init__(self, name: str, import_name: str, description: str = ""):
        super().__init__(f"{name}_api", import_name, url_prefix=PREFIX, description=description)
        self.tag = name

    def arguments(self, schema, *args, **kwargs) -> Callable:
        """Parse a route's input with one schema object made here, not one made per request.

        Given a class, webargs builds a new schema for every request (deep copies of its
        fields), a share of every save at a rush; a schema object parses any number of them.
        """
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)

    def errors(self, described: dict[int, str]) -> Callable:
        """Document error answers (status → which codes, in words); all use the Error schema."""

        def decorator(view: Callable) -> Callable:
            for status, text in described.items():
                view = self.alt_response(status, schema=ErrorSchema, description=text)(view)
            return view

        return decorator

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        roles = getattr(view_func, "allowed_roles", None)
        if roles is not None:
            names = ", ".join(getattr(role, "value", role) for role in roles)
            view_func = self.errors(
                {401: "unauthorized: not signed in", 403: f"forbidden: for {names} only"}
            )(view_func)
            view_func = self.doc(description=f"Roles: {names}.")(view_func)
        if not options.get("tags"):
            options["tags"] = [self.tag]
        return super().add_url_rule(rule, endpoint, view_func, **options)


class ApiPathsPlugin(FlaskPlugin):
    """Paths in the document are relative to the server URL /api/v1, as in the contract."""

    def path_helper(self, *args, **kwargs):
        return super().path_helper(*args, **kwargs).removeprefix(PREFIX) or "/"


class Api(flask_smorest.Api):
    """flask-smorest's Api without its error handlers: core.errors answers every error."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        return None


def binary_response(content_type: str) -> dict[str, Any]:
    """The documented answer of a file download."""
    return {"schema": {"type": "string", "format": "binary"}, "content_type": content_type}


def download(table: export_writer.Table, fmt: str, name: str) -> Response:
    """A table streamed as the attachment `name.fmt` (fmt: one of export_writer.FORMATS)."""
    response = Response(
        stream_with_context(export_writer.stream(table, fmt)),
        mimetype=export_writer.MIME_TYPES[fmt],
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def init_app(app: Flask, blueprints: list[ApiBlueprint]) -> None:
    """Build this app's API and its document from every domain's blueprint."""
    app.config.setdefault("API_TITLE", "ThiLuat API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    api = Api(
        spec_kwargs={
            "flask_plugin": ApiPathsPlugin(),
            "marshmallow_plugin": MarshmallowPlugin(),
            "servers": [{"url": PREFIX}],
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                }
            },
            "security": [{"bearer": []}, {"session": []}],
        }
    )
    api.init_app(app)
    for blueprint in [*blueprints, docs]:
        api.register_blueprint(blueprint)
    app.extensions["thiluat_api"] = api


def openapi_document() -> dict[str, Any]:
    """The served OpenAPI 3 document of the running app."""
    spec = current_app.extensions["thiluat_api"].spec.to_dict()
    spec["paths"] = dict(sorted(spec.get("paths", {}).items()))
    return spec


docs = ApiBlueprint("openapi", __name__, "The API's own description")


class OpenApiSchema(ApiSchema):
    class Meta:
        unknown = "include"

    openapi = Text(required=True)
    info = DictField(required=True)
    paths = DictField(required=True)


@docs.get("/openapi.json")
@docs.response(200, OpenApiSchema)
def openapi():
    """This document (OpenAPI 3).

    Roles: anyone.
    """
    return jsonify(openapi_document())
