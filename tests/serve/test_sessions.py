"""Who is asking, once a server has users: sign-in and out, the session cookie, CSRF, slowed
wrong passwords, API tokens, and every route that shows or changes a reader's data refused to
anyone else."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsbite.accounts import hash_password, new_secret, secret_digest
from newsbite.cli import app as cli
from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import Store, open_store, utc_stamp
from tests.serve.conftest import SERVER_URL

PASSWORD = "correct horse battery"


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    opened.readers.add("Ana", hash_password(PASSWORD), utc_stamp())
    return opened


@pytest.fixture
def client(store: Store, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr("newsbite.serve.login.FAILED_SIGN_IN_SECONDS", 0.3)
    return TestClient(create_app(Settings(), store), base_url=SERVER_URL, follow_redirects=False)


def sign_in(client: TestClient, name: str = "Ana", password: str = PASSWORD, next: str = "/") -> object:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    return client.post(
        "/login", data={"name": name, "password": password, "csrf": csrf.group(1), "next": next}
    )


def test_a_browser_is_sent_to_sign_in_and_back(client: TestClient) -> None:
    refused = client.get("/search?q=flood", headers={"Accept": "text/html"})
    assert refused.status_code == 303 and refused.headers["location"] == "/login?next=%2Fsearch%3Fq%3Dflood"
    signed = sign_in(client, next="/search?q=flood")
    assert signed.status_code == 303 and signed.headers["location"] == "/search?q=flood"  # type: ignore[attr-defined]
    page = client.get("/search?q=flood", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Ana" in page.text and "Sign out" in page.text


def test_the_session_cookie_is_signed_http_only_and_same_site(client: TestClient, store: Store) -> None:
    signed = sign_in(client)
    cookie = signed.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "newsbite_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie and "Max-Age=" in cookie
    value = client.cookies["newsbite_session"]
    # The cookie is the secret signed, never the stored digest; tampered with, it is nobody's.
    ana = store.readers.get("Ana")
    assert ana is not None and store.readers.tokens(ana, "session")[0].seq
    tampered = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    client.cookies.clear()  # (set beside the server's, both would be sent and the last one read)
    client.cookies.set("newsbite_session", tampered)
    assert client.get("/api/v1/articles").status_code == 401


def test_a_wrong_password_is_slowed_down_and_says_nothing_of_which_was_wrong(client: TestClient) -> None:
    began = time.monotonic()
    wrong = sign_in(client, password="not the password")
    assert time.monotonic() - began >= 0.3
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    nobody = sign_in(client, name="Nobody")
    assert nobody.status_code == 401  # type: ignore[attr-defined]
    assert (
        "That name and password do not match." in wrong.text
        and "That name and password do not match." in nobody.text
    )  # type: ignore[attr-defined]
    assert "newsbite_session" not in client.cookies


def test_forms_without_their_csrf_token_are_refused(client: TestClient) -> None:
    client.get("/login")
    forged = client.post("/login", data={"name": "Ana", "password": PASSWORD, "csrf": "0" * 64})
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    assert "newsbite_session" not in client.cookies
    sign_in(client)
    assert client.post("/logout", data={"csrf": "0" * 64}).status_code == 403
    assert client.get("/api/v1/articles").status_code == 200  # still signed in


def test_signing_out_ends_the_session_for_good(client: TestClient) -> None:
    sign_in(client)
    page = client.get("/", headers={"Accept": "text/html"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    kept = client.cookies["newsbite_session"]
    out = client.post("/logout", data={"csrf": csrf.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    client.cookies.set("newsbite_session", kept)  # as if the browser had kept it
    assert client.get("/api/v1/articles").status_code == 401


def test_an_api_token_works_until_revoked(client: TestClient, store: Store) -> None:
    ana = store.readers.get("Ana")
    assert ana is not None
    secret = new_secret()
    token = store.readers.add_token(ana, "api", secret_digest(secret), utc_stamp())
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/articles", headers=headers).status_code == 200
    store.readers.revoke_token(ana, token.seq, utc_stamp())
    refused = client.get("/api/v1/articles", headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "sign_in_required"


def routes(router: object, prefix: str = "") -> list[tuple[str, set[str]]]:
    """Every route under `router` with its whole path (FastAPI keeps included routers apart)."""
    found = []
    for route in router.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute):
            found.append((prefix + route.path, set(route.methods)))
        elif hasattr(route, "original_router"):
            found += routes(route.original_router, prefix + route.include_context.prefix)
    return found


def test_every_route_that_shows_or_changes_data_refuses_a_stranger(client: TestClient) -> None:
    from newsbite.serve.api import router as api
    from newsbite.serve.feeds import router as feeds
    from newsbite.serve.reader import router as reader
    from newsbite.serve.reading import router as reading
    from newsbite.serve.subscriptions import router as subscriptions

    checked = 0
    for path, methods in (
        routes(api) + routes(feeds) + routes(reader) + routes(reading) + routes(subscriptions)
    ):
        filled = re.sub(r"\{[^}]+\}", "1", path)
        for method in methods - {"HEAD"}:
            answer = client.request(method, filled, headers={"Accept": "application/json"})
            assert answer.status_code == 401, (method, filled, answer.status_code)
            checked += 1
    assert checked > 20


def test_serving_beyond_loopback_with_no_users_is_refused(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", database_url)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "not serving on 0.0.0.0 with no users" in result.stderr and "Traceback" not in result.stderr


def test_removing_the_last_user_closes_a_server_beyond_loopback_rather_than_opening_it(store: Store) -> None:
    public = TestClient(create_app(Settings(), store, bind_host="0.0.0.0"), base_url="http://0.0.0.0:8000")
    assert public.get("/api/v1/articles").status_code == 401
    store.readers.remove("Ana")
    refused = public.get("/api/v1/articles")
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "no_users"
    loopback = TestClient(create_app(Settings(), store), base_url=SERVER_URL)
    assert loopback.get("/api/v1/articles").status_code == 200  # on loopback the local reader is back


def test_guessing_bearer_tokens_is_limited_like_passwords(store: Store) -> None:
    client = TestClient(create_app(Settings(login_rate_limit="3/minute"), store), base_url=SERVER_URL)
    answers = [
        client.get("/api/v1/articles", headers={"Authorization": f"Bearer guess-{n}"}).status_code
        for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]


def test_a_wrong_bearer_token_does_not_excuse_a_signed_in_browser_from_csrf(client: TestClient) -> None:
    sign_in(client)
    first = re.findall(r'data-article="([^"]+)"', client.get("/latest", headers={"Accept": "text/html"}).text)
    target = f"/items/{first[0]}/read" if first else "/read-all"
    forged = client.post(
        target, data={"first_seen_by": "2026-12-05T10:00:00Z"}, headers={"Authorization": "Bearer nonsense"}
    )
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"


def test_a_new_password_signs_the_user_out_everywhere(client: TestClient, store: Store) -> None:
    sign_in(client)
    assert client.get("/api/v1/articles").status_code == 200
    store.readers.set_password("Ana", hash_password("a brand new password"), utc_stamp())
    assert client.get("/api/v1/articles").status_code == 401


def test_a_reader_lists_the_feeds_they_follow_and_the_owner_all(client: TestClient, store: Store) -> None:
    ben = store.readers.add("Ben", hash_password(PASSWORD), utc_stamp())
    store.subscriptions(ben).follow("https://b.example/feed.xml", utc_stamp())
    store.feeds.add("https://private.example/feed.xml?key=s3cret", utc_stamp())
    sign_in(client, name="Ben")
    assert [feed["url"] for feed in client.get("/api/v1/feeds").json()["items"]] == [
        "https://b.example/feed.xml"
    ]
    client.cookies.clear()
    sign_in(client)
    assert len(client.get("/api/v1/feeds").json()["items"]) == 2
