"""docs/API.md is checked against the served OpenAPI document: every operation it names
exists, and every operation the API serves is named in it."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "API.md"
NAMED = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)")
METHODS = {"get", "put", "post", "patch", "delete"}


def shape(path: str) -> str:
    """A path with its parameters unnamed: /rounds/{id} and /rounds/{round_id} are one."""
    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1"))


def named_in_doc() -> set[tuple[str, str]]:
    return {(method, shape(path)) for method, path in NAMED.findall(DOC.read_text())}


def served(client) -> set[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").get_json()
    return {
        (method.upper(), shape(path))
        for path, operations in document["paths"].items()
        for method in operations
        if method in METHODS
    }


def test_every_operation_the_doc_names_is_served(client):
    assert sorted(named_in_doc() - served(client)) == []


def test_every_served_operation_is_named_in_the_doc(client):
    missing = sorted(served(client) - named_in_doc())
    assert missing == [], "describe these in docs/API.md"
