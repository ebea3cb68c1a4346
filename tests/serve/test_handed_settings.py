"""The server runs on the Settings it is handed, not on the environment, and never migrates."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsbite.config import Settings
from newsbite.serve import create_app
from newsbite.store import open_store
from tests.factories import make_article
from tests.serve.conftest import SERVER_URL

HANDED_TOKEN = "handed-token-5678"
ENVIRONMENT_TOKEN = "environment-token-1234"
HEADLINES = {"Harbour story number 1", "Harbour story number 2"}
# As a command's flags do, this changes settings after the environment was read: the workers
# must serve what they were handed, not what the environment says.
SERVE_HANDED_SETTINGS = """
import socket, sys
from newsbite.config import Settings
from newsbite.serve.workers import run_server

database, token, port, sockets = sys.argv[1:]
if sockets == "shared":  # as on a platform without SO_REUSEPORT: the workers share one socket
    del socket.SO_REUSEPORT
settings = Settings.load().with_overrides(database=database, api_token=token)
run_server(settings, "127.0.0.1", int(port), workers=2)
"""


@pytest.fixture
def handed_database(tmp_path: Path) -> str:
    """A SQLite store with two articles, opened (and so migrated) once, as `newsbite serve` does."""
    url = f"sqlite:///{tmp_path / 'handed.db'}"
    store = open_store(url)
    store.add([make_article(1), make_article(2)])
    store.close()
    return url


@pytest.fixture
def environment_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the environment says the store is, and the token it names: neither may be used."""
    path = tmp_path / "environment.db"
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{path}")
    monkeypatch.setenv("NEWSBITE_API_TOKEN", ENVIRONMENT_TOKEN)
    return path


def post_empty_body(base: str | TestClient, token: str) -> httpx.Response:
    """An empty JSON object: past the token check it is a 422, refused at the token a 401."""
    headers = {"Authorization": f"Bearer {token}"}
    if isinstance(base, TestClient):
        return base.post("/api/v1/articles", json={}, headers=headers)
    return httpx.post(f"{base}/api/v1/articles", json={}, headers=headers, timeout=5)


def sqlite_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def test_an_app_without_a_store_serves_the_database_and_token_of_its_settings(
    handed_database: str, environment_database: Path
) -> None:
    settings = Settings(database=handed_database, api_token=HANDED_TOKEN)
    with TestClient(create_app(settings), base_url=SERVER_URL) as client:
        items = client.get("/api/v1/articles").json()["items"]
        assert {item["headline"] for item in items} == HEADLINES
        assert post_empty_body(client, HANDED_TOKEN).status_code == 422
        assert post_empty_body(client, ENVIRONMENT_TOKEN).status_code == 401
    assert not environment_database.exists()


def test_an_app_without_a_store_opens_it_without_migrating(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    app = create_app(Settings(database=f"sqlite:///{fresh}"))
    with TestClient(app, raise_server_exceptions=False, base_url=SERVER_URL) as client:
        response = client.get("/api/v1/articles")
    assert response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable"
    assert sqlite_tables(fresh) == []


@pytest.fixture(params=["own", "shared"], ids=["a-socket-each", "one-shared-socket"])
def two_workers(
    request: pytest.FixtureRequest, handed_database: str, environment_database: Path
) -> Iterator[str]:
    """`run_server` with two workers on the handed settings, in a process of its own; its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    arguments = [handed_database, HANDED_TOKEN, str(port), request.param]
    command = [sys.executable, "-c", SERVE_HANDED_SETTINGS, *arguments]
    server = subprocess.Popen(command, env=dict(os.environ), stderr=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        assert server.stderr is not None
        stderr = server.stderr.read()
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow  # about 10 s: two spawned workers each import the app
def test_two_workers_serve_the_settings_they_were_handed(
    two_workers: str, environment_database: Path
) -> None:
    answers: list[httpx.Response] = []
    deadline = time.monotonic() + 30
    while len(answers) < 6 and time.monotonic() < deadline:
        try:
            answers.append(httpx.get(f"{two_workers}/api/v1/articles", timeout=5))
        except httpx.TransportError:
            time.sleep(0.2)
    assert len(answers) == 6
    assert all({item["headline"] for item in answer.json()["items"]} == HEADLINES for answer in answers)
    assert [post_empty_body(two_workers, HANDED_TOKEN).status_code for _ in range(4)] == [422] * 4
    assert [post_empty_body(two_workers, ENVIRONMENT_TOKEN).status_code for _ in range(4)] == [401] * 4
    assert not environment_database.exists()


def test_the_workers_sockets_answer_without_waiting_on_nagles_algorithm() -> None:
    # asyncio turns Nagle's algorithm off only on sockets whose protocol says TCP: a worker's
    # listener opened with protocol 0 made every small answer wait 40 ms for a delayed ACK.
    import asyncio
    import socket
    import threading

    from newsbite.serve.workers import _listening, _new_socket, _reusing_port

    async def accepted_nodelay() -> int:
        listener = _listening(_reusing_port(_new_socket("127.0.0.1")), "127.0.0.1", 0)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted = transport.get_extra_info("socket")
                seen.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 5)
        finally:
            writer.close()
            server.close()

    # In a thread of its own: a test before may leave an event loop running in this one
    # (playwright's sync API does), and asyncio.run refuses to start within it.
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(asyncio.run(accepted_nodelay())))
    thread.start()
    thread.join(10)
    assert found and found[0] != 0
