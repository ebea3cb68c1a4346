"""A news site on 127.0.0.1 for fetch, feed and watch tests: tests/fixtures as files, plus scripted
answers (304s, 429s, 500s, redirect loops, huge and compressed bodies) that a real site gives.

Feeds under /feeds/ have `{BASE}` replaced by the site's own address, so their links come back
here. Every request is counted in `hits` by path.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HUGE_BYTES = 50 * 1024 * 1024


class Site:
    """The running server: its base URL, request counts, and per-path overrides set by a test."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.routes: dict[str, Callable[[SiteHandler], None]] = {}
        self.sent: Counter[str] = Counter()  # body bytes written, by path
        handler = partial(SiteHandler, site=self, directory=str(FIXTURES))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.site.hits[path] += 1
        route = self.site.routes.get(path) or _SCRIPTED.get(path)
        if route is not None:
            route(self)
        elif path.startswith("/feeds/"):
            self.send_feed(self.fixture(path).replace(b"{BASE}", self.site.base.encode()), _feed_type(path))
        elif path.startswith("/generated/story-"):
            _generated_story(self)
        else:
            super().do_GET()

    @property
    def query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    def send_feed(self, body: bytes, content_type: str) -> None:
        """A feed with an ETag, answering 304 when the client already has this version."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_status(304, ETag=etag)
        else:
            self.send_body(body, content_type, ETag=etag, Cache_Control="max-age=600")

    def fixture(self, path: str) -> bytes:
        return (FIXTURES / path.lstrip("/")).read_bytes()

    def send_body(self, body: bytes, content_type: str, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)
        self.site.sent[self.path] += len(body)

    def send_status(self, status: int, **headers: str) -> None:
        self.send_body(b"" if status == 304 else f"status {status}".encode(), "text/plain", status, **headers)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _feed_type(path: str) -> str:
    return "application/feed+json" if path.endswith(".json") else "application/xml; charset=utf-8"


def _page(handler: SiteHandler) -> bytes:
    return handler.fixture("/pages/council_vote.html")


def _huge(handler: SiteHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()  # no Content-Length: the size shows only as it streams
    chunk = b"<p>" + b"a" * (64 * 1024 - 3)
    try:
        for _ in range(HUGE_BYTES // len(chunk)):
            handler.wfile.write(chunk)
            handler.site.sent[handler.path] += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _gzip(handler: SiteHandler) -> None:
    handler.send_body(gzip.compress(_page(handler)), "text/html; charset=utf-8", Content_Encoding="gzip")


def _brotli(handler: SiteHandler) -> None:
    handler.send_body(brotli.compress(_page(handler)), "text/html; charset=utf-8", Content_Encoding="br")


def _generated_feed(handler: SiteHandler) -> None:
    """/generated/feed.xml?count=N&delay=S: N teaser entries whose pages each take S seconds."""
    count, delay = int(handler.query.get("count", "10")), handler.query.get("delay", "0")
    items = "".join(
        f"<item><title>Harbour story {n}</title>"
        f"<link>{handler.site.base}/generated/story-{n}.html?delay={delay}</link>"
        f"<description>Teaser for harbour story {n}.</description></item>"
        for n in range(count)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Generated</title>{items}</channel></rss>'
    handler.send_feed(feed.encode(), "application/rss+xml")


def _generated_story(handler: SiteHandler) -> None:
    number = handler.path.split("story-")[1].split(".")[0]
    time.sleep(float(handler.query.get("delay", "0")))
    page = (
        _page(handler)
        .decode()
        .replace(
            "Council votes to rebuild storm-damaged sea wall",
            f"Harbour story {number}: council votes on sea wall",
        )
    )
    page = page.replace(
        "<p>Work on the first stretch", f"<p>This is story number {number}. Work on the first stretch"
    )
    handler.send_body(page.encode(), "text/html; charset=utf-8")


_SCRIPTED: dict[str, Callable[[SiteHandler], None]] = {
    "/generated/feed.xml": _generated_feed,
    "/huge.html": _huge,
    "/gzip/page.html": _gzip,
    "/brotli/page.html": _brotli,
    "/loop/a": lambda handler: handler.redirect("/loop/b"),
    "/loop/b": lambda handler: handler.redirect("/loop/a"),
    "/always-500": lambda handler: handler.send_status(500),
}
