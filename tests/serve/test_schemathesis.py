"""Property-based requests from the OpenAPI schema: whatever is sent, no 5xx and answers match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import open_store
from tests.factories import make_article
from tests.postgresql import SCHEMA, admin, empty_postgresql_schema
from tests.serve.conftest import TOKEN


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('schemathesis')) / 'store.db'}"
    else:
        url = empty_postgresql_schema()
    store = open_store(url)
    store.add([make_article(n) for n in range(5)])
    # Small documents only, so that generated bodies hit the size limit instead of the pipeline.
    # schemathesis calls the app as host "testserver", trusted here as a deployment would name its own.
    settings = Settings(api_token=TOKEN, max_document_bytes=2_000, trusted_hosts="testserver")
    yield create_app(settings, store)
    store.close()
    if request.param == "postgresql":
        admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


AUTH = {"Authorization": f"Bearer {TOKEN}"}
# A cursor is an opaque string the server hands out: schema-valid strings it did not hand out are
# refused with 400, which schemathesis's positive-data check would count against the server.
OPAQUE_VALUES_MAY_BE_REFUSED = [schemathesis.checks.positive_data_acceptance]


def test_no_request_gets_a_server_error_and_every_answer_matches_the_schema(api_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=AUTH, excluded_checks=OPAQUE_VALUES_MAY_BE_REFUSED)

        call()
