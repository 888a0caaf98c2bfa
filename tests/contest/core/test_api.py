"""The served OpenAPI document describes every API route, and nothing that is not a route."""

import re

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_openapi_document_matches_the_routes(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path, method)
        for path, ops in document["paths"].items()
        for method in ops
        if method in HTTP_METHODS
    }
    assert documented == api_routes(app)


def test_every_error_response_uses_the_error_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            for status, response in operation["responses"].items():
                if "$ref" in response:  # a shared response of components.responses
                    response = document["components"]["responses"][response["$ref"].split("/")[-1]]
                if status == "default" or int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)
