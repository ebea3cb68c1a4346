"""Fixtures shared across folders: the seed article, the bundled samples, the store's backends (a SQLite
file in a temp dir and the real PostgreSQL server), and a loopback HTTP server serving fixture files."""

from __future__ import annotations

import http.server
import os
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from newsbite import registry
from newsbite.cli.ingest import sample_inputs
from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.model import Article
from newsbite.pipeline import Pipeline
from tests.plugins import install_shouting_plugin
from tests.postgresql import SCHEMA, admin, empty_postgresql_schema

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


@pytest.fixture(scope="session")
def samples() -> list[Article]:
    """The bundled samples, cleaned only."""
    documents = read_inputs([str(path) for path in sample_inputs()], Settings())
    pipeline = Pipeline(Settings(), ["clean"])
    return [article for article in pipeline.run(documents) if isinstance(article, Article)]


@pytest.fixture(scope="session")
def processed_samples() -> list[Article]:
    """The samples through the whole pipeline (clean, understand, bite), as `newsbite run` stores them."""
    documents = read_inputs([str(path) for path in sample_inputs()], Settings())
    return [article for article in Pipeline(Settings()).run(documents) if isinstance(article, Article)]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each store test runs on a SQLite file and on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield empty_postgresql_schema()
        admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Commands a test runs read no newsbite.toml of the developer's own (~/.config/newsbite/) and
    no NEWSBITE_* variable of their shell (NEWSBITE_TEST_POSTGRESQL, the tests' own, is kept)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "no-user-config"))
    for name in [name for name in os.environ if name.startswith("NEWSBITE_")]:
        if name != "NEWSBITE_TEST_POSTGRESQL":
            monkeypatch.delenv(name)


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


@pytest.fixture
def shouting_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shouting plugin installed for this test, seen by this process and the processes it starts."""
    install_shouting_plugin(tmp_path)
    # Imported by an earlier test, its registration would not run again into this test's registry;
    # and what it registers here is forgotten after the test.
    monkeypatch.delitem(sys.modules, "shouting_stage", raising=False)
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry.registered_stages()))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    )
    return tmp_path
