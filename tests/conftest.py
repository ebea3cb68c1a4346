"""Shared fixtures: the seed article, paths, and a loopback HTTP server serving fixture files."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.model import Article
from newsbite.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO.parent / "shared" / "seed" / "000_7d5b45d34fd7aa1b.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(seed_text: str) -> Article:
    """The seed through the default pipeline (clean, understand, bite), parsed once per run."""
    [article] = list(Pipeline(Settings()).run(read_inputs([str(SEED)], Settings())))
    assert isinstance(article, Article), article
    return article


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture(autouse=True)
def _no_user_settings_file(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Commands a test runs read no newsbite.toml of the developer's own (~/.config/newsbite/)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "no-user-config"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[str]:
    """Base URL of an HTTP server on 127.0.0.1 serving tests/fixtures."""
    handler = partial(_QuietHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pytest_addoption(parser: pytest.Parser) -> None:
    # Here rather than in tests/browser so that the option exists however pytest is invoked.
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="browser tests save a full-page PNG of each page they visit under bench/screenshots/",
    )
