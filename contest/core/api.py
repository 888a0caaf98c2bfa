"""The JSON API's blueprint (/api/v1), request-body helpers, and the served OpenAPI document.

Every domain adds its routes to `bp` in its own api module; the factory imports them all."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import lazy_gettext as _l

from contest.core.errors import InvalidInput

bp = Blueprint("api", __name__, url_prefix="/api/v1")

OPENAPI_PATHS: dict[str, dict[str, Any]] = {}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}


def document(
    path: str,
    method: str,
    summary: str,
    *,
    roles: str,
    request_schema: dict | None = None,
    responses: dict[int, str] | None = None,
) -> None:
    """Describe one route in the served OpenAPI document (path in OpenAPI {param} syntax)."""
    operation: dict[str, Any] = {
        "summary": summary,
        "description": f"Roles: {roles}.",
        "responses": {
            str(status): {"description": text}
            for status, text in (responses or {200: "OK"}).items()
        },
    }
    for status in operation["responses"]:
        if int(status) >= 400:
            operation["responses"][status]["content"] = {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            }
    if request_schema is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request_schema}},
        }
    params = [segment[1:-1] for segment in path.split("/") if segment.startswith("{")]
    if params:
        operation["parameters"] = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
            for name in params
        ]
    OPENAPI_PATHS.setdefault(path, {})[method.lower()] = operation


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 with a clear message."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(_l("Nội dung yêu cầu phải là một đối tượng JSON."), code="invalid_json")
    return body


def string_field(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput.for_fields({name: str(_l("Giá trị phải là chuỗi ký tự."))})
    return str(value)


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "ThiLuat API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": dict(sorted(OPENAPI_PATHS.items())),
    }


document("/openapi.json", "get", "This document", roles="anyone")


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
