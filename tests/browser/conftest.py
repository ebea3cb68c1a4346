"""The reader served for real and driven in headless Debian chromium through playwright.

One store per run holds the bundled samples, a hostile article and an article whose original
link points at the loopback fixture server; uvicorn serves the app over it from a thread.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)

from newsbite.cli.ingest import sample_inputs
from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.ingest.records import record_document
from newsbite.model import Article, Document
from newsbite.pipeline import Pipeline
from newsbite.serve import create_app
from newsbite.serve.reader import PAGE_SIZE as FRONT_PAGE_SIZE
from newsbite.store import ArticleQuery, Store, StoredMerge, open_store

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SCREENSHOTS = HERE.parents[1] / "bench" / "screenshots"

# Debian's package puts the browser here; it is what `make browser` installs.
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# A headline carrying markup as text, as a feed's title field can: every page and feed that shows
# it must show these characters, not act on them.
HOSTILE_TITLE = "Council website hijacked as notices carry <script> and <img onerror> code"
# A record may give any string as its URL; this one must never become a link.
HOSTILE_URL = "javascript:alert(1)"
FERRY_PATH = "/html/wrapped_article.html"


@dataclass(frozen=True)
class ReaderSite:
    """The served reader and the ids of the articles the tests visit."""

    base_url: str
    original_site: str
    hostile_id: str
    ferry_id: str
    # The stored sample with the most to show (claims, quotes, places, key points).
    rich_id: str
    entity: str
    place: str
    # The story with the most articles (wire copies folded, coverage grouped).
    story_id: str

    def url(self, path: str) -> str:
        return self.base_url + path


@dataclass
class PageLog:
    """What a page did that a reader page must not: dialogs, console errors, script errors."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        # The app serves no /favicon.ico, and chromium asks for one on every page: that 404 is no
        # sign of script or markup trouble, so it is left out (and reported to be fixed).
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    # Playwright wraps handlers by setting an attribute on them, which a bound list.append refuses.
    def on_request(self, request: Request) -> None:
        self.requests.append(request)

    def on_response(self, response: Response) -> None:
        self.responses.append(response)


@dataclass
class LoggedPage:
    page: Page
    log: PageLog


class Shoot(Protocol):
    def __call__(self, page: Page, name: str, *, full_page: bool = True) -> None: ...


def chromium_executable() -> str | None:
    """Debian's chromium, else any chromium on PATH."""
    if Path(DEBIAN_CHROMIUM).exists():
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    executable = chromium_executable()
    if executable:
        return executable
    if shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed and there is no apt-get to install it with")
    # Where apt exists `make test` installs chromium first, so its absence is a set-up failure.
    pytest.fail("chromium is not installed: run `make browser` (apt-get install chromium)")


def _articles(fixture_server: str) -> list[Article]:
    """The samples, the ferry record and the hostile page, each through the default pipeline."""
    settings = Settings()
    ferry = json.loads((FIXTURES / "ferry_record.json").read_text(encoding="utf-8"))
    hostile = {
        "title": HOSTILE_TITLE,
        "html": (FIXTURES / "hostile_article.html").read_text(encoding="utf-8"),
        "url": HOSTILE_URL,
    }
    extra: list[Document] = [
        record_document({**ferry, "url": fixture_server + FERRY_PATH}, "ferry_record.json"),
        record_document(hostile, "hostile_article.html"),
    ]
    inputs = chain(read_inputs([str(path) for path in sample_inputs()], settings), extra)
    articles = []
    for result in Pipeline(settings).run(inputs):
        assert isinstance(result, Article), f"the pipeline refused a test input: {result}"
        articles.append(result)
    return articles


def _richness(document: dict[str, Any]) -> int:
    return sum(len(document.get(key, [])) for key in ("claims", "quotes", "places")) + len(
        document["bite"].get("key_points", [])
    )


@pytest.fixture(scope="session")
def reader_store(tmp_path_factory: pytest.TempPathFactory, fixture_server: str) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'reader.db'}")
    store.add(_articles(fixture_server))
    StoredMerge(store, Settings()).run()
    yield store
    store.close()


def _site_ids(store: Store, base_url: str, fixture_server: str) -> ReaderSite:
    """Find the articles and names the tests visit in what was stored."""
    documents = _every_document(store)
    ferry = next(d for d in documents if d.get("url") == fixture_server + FERRY_PATH)
    hostile = next(d for d in documents if d.get("headline") == HOSTILE_TITLE)
    # The richest sample among those the front page lists, so a reader can click through to it.
    front = [d for d in documents[:FRONT_PAGE_SIZE] if d["id"] not in (ferry["id"], hostile["id"])]
    rich = max(front, key=_richness)
    entity = next(e for e in store.entities(limit=200) if e["label"] == "PERSON")
    place = next(p for p in store.places(limit=200) if p["lat"] is not None)
    story = max(store.stories.page(limit=100).items, key=lambda listed: listed["articles"])
    return ReaderSite(
        base_url,
        fixture_server,
        hostile["id"],
        ferry["id"],
        rich["id"],
        entity["name"],
        place["name"],
        story["id"],
    )


def _every_document(store: Store) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = store.articles(ArticleQuery(limit=100, cursor=cursor), full=True)
        documents += page.items
        if page.next_cursor is None:
            return documents
        cursor = page.next_cursor


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app served by uvicorn from a thread on a free loopback port: its base URL."""
    # Binding the socket here and handing it to uvicorn avoids racing another process for the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def reader(reader_store: Store, fixture_server: str) -> Iterator[ReaderSite]:
    """The app over the test store, served by uvicorn on a free loopback port."""
    with served(create_app(Settings(), reader_store)) as base_url:
        yield _site_ids(reader_store, base_url, fixture_server)


@pytest.fixture(scope="session")
def playwright_session(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _logged(page: Page) -> LoggedPage:
    log = PageLog()
    page.on("dialog", log.on_dialog)
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    page.on("request", log.on_request)
    page.on("response", log.on_response)
    page.set_default_timeout(10_000)
    return LoggedPage(page, log)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[LoggedPage]:
    """A fresh desktop-sized page in its own context, with its dialogs and errors logged."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield _logged(context.new_page())
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[LoggedPage]:
    """A page as a 390x844 phone shows it (mobile viewport meta honoured, touch, 2x pixels)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield _logged(context.new_page())
    context.close()


@pytest.fixture(scope="session")
def shoot(pytestconfig: pytest.Config) -> Shoot:
    """Save a full-page PNG as bench/screenshots/<name>.png when run with --screenshots."""
    wanted = bool(pytestconfig.getoption("--screenshots"))

    def save(page: Page, name: str, *, full_page: bool = True) -> None:
        if wanted:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return save
