"""The served OpenAPI 3 document, assembled from what each API module documents."""

from flask import jsonify

from contest.api import bp
from contest.api.schema import ERROR_SCHEMA, OPENAPI_PATHS, document


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
