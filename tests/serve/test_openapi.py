"""The OpenAPI document: the bearer scheme on the write route, one described tag per operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import open_store
from tests.serve.conftest import SERVER_URL, TOKEN

OPERATIONS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app over an empty SQLite store: the document and the token check need no more."""
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield TestClient(create_app(Settings(api_token=TOKEN), store), base_url=SERVER_URL)
    store.close()


@pytest.fixture
def schema(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/openapi.json").json()
    return body


def operations(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in OPERATIONS
    }


def test_the_document_declares_a_bearer_security_scheme(schema: dict[str, Any]) -> None:
    [(name, scheme)] = schema["components"]["securitySchemes"].items()
    assert name == "bearerToken" and scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "NEWSBITE_API_TOKEN" in scheme["description"]


def test_only_the_write_route_requires_the_bearer_token(schema: dict[str, Any]) -> None:
    secured = {name: op["security"] for name, op in operations(schema).items() if "security" in op}
    assert secured == {"POST /api/v1/articles": [{"bearerToken": []}]}
    responses = operations(schema)["POST /api/v1/articles"]["responses"]
    assert {"401", "403"} <= set(responses)


def test_every_operation_has_exactly_one_described_tag(schema: dict[str, Any]) -> None:
    described = [tag["name"] for tag in schema["tags"]]
    assert described == ["articles", "stories", "entities", "places", "feeds"]
    tags = {name: operation.get("tags") for name, operation in operations(schema).items()}
    assert len(tags) == 11
    assert {name: found for name, found in tags.items() if not found or len(found) != 1} == {}
    assert {found[0] for found in tags.values()} == set(described)
    assert tags["GET /api/v1/stories/{story_id}"] == ["stories"]
    assert tags["GET /feeds/rss.xml"] == ["feeds"]


@pytest.mark.parametrize("header", [f"bearer {TOKEN}", f"BEARER  {TOKEN} "])
def test_the_scheme_is_read_in_any_case_and_the_token_trimmed(client: TestClient, header: str) -> None:
    response = client.post("/api/v1/articles", content=b"{}", headers={"Authorization": header})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("header", [f"Basic {TOKEN}", TOKEN, "Bearer", f"Bearer {TOKEN}x"])
def test_anything_but_the_bearer_token_is_401_with_a_challenge(client: TestClient, header: str) -> None:
    response = client.post("/api/v1/articles", json={"text": "x"}, headers={"Authorization": header})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    refusal = {"code": "unauthorized", "message": "a valid bearer token is required"}
    assert response.json() == {"error": refusal}
