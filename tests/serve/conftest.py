"""A served store: the app over a store on each backend, filled with made articles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.intake import Intake
from newsbite.model import Article
from newsbite.serve import create_app
from newsbite.store import Store, open_store
from tests.factories import make_article

TOKEN = "test-token-1234"
# Where `make run` serves: a loopback host the server trusts without `base_url` or `trusted_hosts`.
SERVER_URL = "http://127.0.0.1:8000"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    opened.add([make_article(n, entity="Anna Lindqvist" if n % 2 else "Per Holm") for n in range(25)])
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(
        create_app(Settings(api_token=TOKEN), store), raise_server_exceptions=False, base_url=SERVER_URL
    )


@pytest.fixture
def merged_samples(database_url: str, processed_samples: list[Article]) -> Iterator[Store]:
    """The bundled samples stored and merged as `newsbite run` does."""
    store = open_store(database_url)
    Intake(store, Settings(database=database_url)).store_articles(processed_samples)
    yield store
    store.close()
