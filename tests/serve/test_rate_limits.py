"""Writes and failed token checks are rate limited per client, with a 429 and Retry-After past the
limit; reads never are."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.errors import ConfigError
from newsbite.serve import create_app
from newsbite.serve.app import check_server_settings
from newsbite.serve.errors import ApiError
from newsbite.store import Store
from tests.serve.conftest import SERVER_URL, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer not-the-token"}
# A body refused on sight (422), so that counting writes never waits on the pipeline.
REFUSED_BODY = {"text": "x"}


def app_with(store: Store, **settings: Any) -> FastAPI:
    return create_app(Settings(**{"api_token": TOKEN, **settings}), store)


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, base_url=SERVER_URL, client=(address, 50000), raise_server_exceptions=False)


def post(client: TestClient, headers: dict[str, str] | None = None) -> Any:
    return client.post("/api/v1/articles", json=REFUSED_BODY, headers=headers)


def assert_rate_limited(response: Any) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_the_write_after_the_limit_is_a_429_with_retry_after(store: Store) -> None:
    client = client_at(app_with(store, write_rate_limit="3/minute"), "192.0.2.1")
    assert [post(client, AUTH).status_code for _ in range(3)] == [422, 422, 422]
    response = post(client, AUTH)
    assert_rate_limited(response)
    assert "at most 3 per 1 minute" in response.json()["error"]["message"]


def test_reads_are_never_limited(store: Store) -> None:
    client = client_at(app_with(store, write_rate_limit="1/minute"), "192.0.2.1")
    post(client, AUTH)
    assert_rate_limited(post(client, AUTH))
    paths = ["/api/v1/articles", "/api/v1/stories", "/api/v1/entities", "/feeds/rss.xml", "/"]
    assert {client.get(path).status_code for path in paths for _ in range(15)} == {200}


def test_writes_with_the_token_count_against_the_token_wherever_they_come_from(store: Store) -> None:
    app = app_with(store, write_rate_limit="2/minute")
    for address in ("192.0.2.1", "198.51.100.7"):
        assert post(client_at(app, address), AUTH).status_code == 422
    assert_rate_limited(post(client_at(app, "203.0.113.9"), AUTH))


def test_writes_without_the_token_count_against_the_address(store: Store) -> None:
    app = app_with(store, api_token="", write_rate_limit="2/minute")  # every write refused with 403
    first = client_at(app, "192.0.2.1")
    assert [post(first).status_code for _ in range(2)] == [403, 403]
    assert_rate_limited(post(first))
    assert post(client_at(app, "198.51.100.7")).status_code == 403


def test_wrong_tokens_past_the_login_limit_are_429_even_the_right_one(store: Store) -> None:
    app = app_with(store, login_rate_limit="2/minute")
    guesser = client_at(app, "192.0.2.1")
    assert [post(guesser, WRONG).status_code for _ in range(2)] == [401, 401]
    assert_rate_limited(post(guesser, WRONG))
    # A right guess now would tell the guesser it is right: it is refused like the rest.
    assert_rate_limited(post(guesser, AUTH))
    assert post(client_at(app, "198.51.100.7"), AUTH).status_code == 422


def test_a_login_route_can_hold_its_attempts_to_the_login_limit(store: Store) -> None:
    limits = app_with(store, login_rate_limit="2/minute").state.newsbite.rate_limits
    limits.hit(limits.logins, "address:192.0.2.1")
    limits.hit(limits.logins, "address:192.0.2.1")
    with pytest.raises(ApiError) as refused:
        limits.check(limits.logins, "address:192.0.2.1")
    assert refused.value.status == 429 and refused.value.headers and "Retry-After" in refused.value.headers
    limits.check(limits.logins, "address:198.51.100.7")  # another client has all its attempts


@pytest.mark.parametrize("name", ["write_rate_limit", "login_rate_limit"])
@pytest.mark.parametrize("value", ["sixty a minute", "", "60/fortnight"])
def test_a_rate_limit_that_cannot_be_read_is_a_config_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"NEWSBITE_{name.upper()}"):
        check_server_settings(Settings(**{name: value}))
    with pytest.raises(ConfigError):
        create_app(Settings(**{name: value}))  # before serving, not in its start-up
