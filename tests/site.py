"""A news site on 127.0.0.1 for fetch, feed and watch tests: tests/fixtures as files, scripted
answers (304s, 429s, 500s, redirect loops, huge and compressed bodies) that a real site gives, and
NewsBite's bundled samples published as news outlets, one RSS 2.0 feed each.

Feeds under /feeds/ have `{BASE}` replaced by the site's own address, so their links come back
here. Every request is counted in `hits` by path.

Under /outlets/ each sample is an article of one outlet: the registered domain of the sample's
own address as NewsBite's clean stage reads it (a page's canonical URL, a record's `url`, a dump's
"Original URL"), or the wire agency for a sample with none. An outlet is named as the samples
name it (og:site_name, a record's `source` less the agency in parentheses), else by its domain.
An HTML sample is served as it is; a text dump or a record as a plain article page built from its
cleaned fields. `Site.outlets()` lists them; `Site.afp_nepal_flood_carriers()` names the outlets
running a copy of the one AFP dispatch that several samples are copies of.

    /outlets/                       the outlets, linked
    /outlets/<outlet>/              the outlet's front page, advertising its feed (feed discovery)
    /outlets/<outlet>/feed.xml      RSS 2.0: a teaser item per article, newest first
    /outlets/<outlet>/<article>.html
"""

from __future__ import annotations

import gzip
import hashlib
import html
import http.server
import re
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli
import lxml.html

from newsbite.clean.metadata import publisher_domain
from newsbite.cli.ingest import sample_inputs, samples_path
from newsbite.config import Settings
from newsbite.ingest import read_inputs
from newsbite.model import Article, Document, DocumentKind
from newsbite.pipeline import Pipeline

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HUGE_BYTES = 50 * 1024 * 1024

# The samples that are copies of one AFP dispatch, on the glacial lake flood in Nepal of 14 April
# 2026, each as the outlet that ran it headlined it: a sample is named by its path under
# newsbite/samples, a record by `records.jsonl#<its id>`.
AFP_NEPAL_FLOOD = frozenset(
    {
        "text/afp_nepal_glacial_flood_newsbite.txt",
        "text/afp_nepal_glacial_flood_world_trimmed.txt",
        "html/harbourherald_nepal_glacial_flood_afp.html",
        "records.jsonl#gcp-20260414-nepal-glof",
    }
)


@dataclass(frozen=True)
class OutletInfo:
    """One outlet as the running site publishes it; `article_urls` in its feed's order."""

    name: str
    feed_url: str
    home_url: str
    article_urls: tuple[str, ...]


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

    def outlets(self) -> dict[str, OutletInfo]:
        """Every outlet by its slug (sorted), with its feed, front page and articles on this site.

        The first call cleans the samples (a second or two); later calls, in any Site, do not.
        """
        return {
            slug: OutletInfo(
                outlet.name,
                self.url(outlet.feed_path),
                self.url(outlet.home_path),
                tuple(self.url(article.path) for article in outlet.articles),
            )
            for slug, outlet in outlet_catalogue().items()
        }

    def carriers(self, samples: Collection[str]) -> dict[str, str]:
        """The outlets that publish any of `samples` (named as AFP_NEPAL_FLOOD names them): slug ->
        the URL of the first such article in its feed. Outlets whose article is dated come first
        (an undated sample's page gets whatever date NewsBite guesses), then by slug. Empty when
        no outlet publishes one; a name that is no sample is a ValueError."""
        unknown = set(samples) - {article.sample for article in _every_article()}
        if unknown:
            raise ValueError(f"not samples: {sorted(unknown)}")
        found = []
        for slug, outlet in outlet_catalogue().items():
            copy = next((article for article in outlet.articles if article.sample in samples), None)
            if copy is not None:
                found.append((copy.published is None, slug, copy.path))
        return {slug: self.url(path) for _, slug, path in sorted(found)}

    def afp_nepal_flood_carriers(self) -> dict[str, str]:
        """The outlets carrying a copy of AFP's Nepal glacial lake flood dispatch (at least two):
        slug -> the URL of its copy, as `carriers` orders them."""
        return self.carriers(AFP_NEPAL_FLOOD)


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
        elif path == "/outlets" or path.startswith("/outlets/"):
            _outlet_route(self, path)
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


# Outlets: the bundled samples published as news sites, one RSS 2.0 feed each.

OUTLETS_PATH = "/outlets/"
# A teaser is at most this many words: well under the FULL_TEXT_WORDS (150) below which NewsBite
# takes an entry for a teaser and fetches its page.
TEASER_WORDS = 40
ARTICLE_SLUG_CHARS = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_AGENCY_IN_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class OutletArticle:
    """One sample as its outlet publishes it: `page` is the HTML sample itself, else None and the
    page is built from the cleaned `article`."""

    sample: str
    path: str
    article: Article
    page: str | None

    @property
    def headline(self) -> str:
        return self.article.headline or self.article.original_title or self.sample

    @property
    def published(self) -> datetime | None:
        return _moment(self.article.published)

    @property
    def teaser(self) -> str:
        """The standfirst, else the first paragraph cut to TEASER_WORDS words."""
        if self.article.standfirst:
            return _cut(self.article.standfirst, TEASER_WORDS)
        paragraphs = [p for section in self.article.sections for p in section.paragraphs]
        return _cut(paragraphs[0], TEASER_WORDS) if paragraphs else ""


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    articles: tuple[OutletArticle, ...]  # newest first, the undated last

    @property
    def home_path(self) -> str:
        return f"{OUTLETS_PATH}{self.slug}/"

    @property
    def feed_path(self) -> str:
        return f"{OUTLETS_PATH}{self.slug}/feed.xml"


_CATALOGUE_LOCK = threading.Lock()


def outlet_catalogue() -> dict[str, Outlet]:
    """The outlets by slug, sorted; built once per process (the samples do not change)."""
    with _CATALOGUE_LOCK:  # the server's threads and the test may ask at once
        return _built_catalogue()


@cache
def _built_catalogue() -> dict[str, Outlet]:
    settings = Settings()
    clean = Pipeline(settings, ["clean"])
    folder = samples_path()
    by_domain: dict[str, list[tuple[str, Document, Article]]] = {}
    names: dict[str, str] = {}
    for document in read_inputs([str(path) for path in sample_inputs()], settings):
        assert isinstance(document, Document), f"a sample could not be read: {document}"
        article = clean.process(document)
        domain = publisher_domain(article.url or article.original_url) or article.agency or "Newswire"
        by_domain.setdefault(domain, []).append((_sample_name(document, folder), document, article))
        named = _outlet_name(document, article)
        if named:
            names.setdefault(domain, named)
    outlets = [_outlet(names.get(domain, domain), found) for domain, found in by_domain.items()]
    slugs = [outlet.slug for outlet in outlets]
    assert len(set(slugs)) == len(slugs), f"two outlets share a slug: {sorted(slugs)}"
    return {outlet.slug: outlet for outlet in sorted(outlets, key=lambda outlet: outlet.slug)}


def _every_article() -> list[OutletArticle]:
    return [article for outlet in outlet_catalogue().values() for article in outlet.articles]


def _sample_name(document: Document, folder: Path) -> str:
    if document.kind is DocumentKind.RECORD:
        return f"records.jsonl#{document.record_id}"
    return Path(document.origin).resolve().relative_to(folder.resolve()).as_posix()


def _outlet_name(document: Document, article: Article) -> str | None:
    """The outlet's name where the sample gives one: a page's og:site_name, a record's source
    ("Granite City Post (AFP)" names the Granite City Post)."""
    if document.kind is DocumentKind.HTML:
        found = lxml.html.fromstring(document.content).xpath('//meta[@property="og:site_name"]/@content')
        return str(found[0]).strip() or None if found else None
    if document.kind is DocumentKind.RECORD and article.publisher:
        return _AGENCY_IN_PARENTHESES.sub("", article.publisher) or None
    return None


def _outlet(name: str, found: list[tuple[str, Document, Article]]) -> Outlet:
    slug = slugify(name)
    articles: list[OutletArticle] = []
    taken: set[str] = set()
    for sample, document, article in found:
        article_slug = base = slugify(article.headline or sample)[:ARTICLE_SLUG_CHARS].rstrip("-")
        while article_slug in taken:  # two headlines alike: base-2, base-3...
            article_slug = f"{base}-{len(taken) + 1}"
        taken.add(article_slug)
        page = document.content if document.kind is DocumentKind.HTML else None
        articles.append(OutletArticle(sample, f"{OUTLETS_PATH}{slug}/{article_slug}.html", article, page))
    articles.sort(
        key=lambda a: (a.published is None, -(a.published.timestamp() if a.published else 0), a.path)
    )
    return Outlet(slug, name, tuple(articles))


def slugify(text: str) -> str:
    """Lowercase letters, digits and single hyphens: "The Harbour Herald" -> "the-harbour-herald"."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "untitled"


def _moment(published: str | None) -> datetime | None:
    """A cleaned `published` as an aware datetime: a bare day at midnight UTC, no offset as UTC."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cut(text: str, words: int) -> str:
    split = text.split()
    return text if len(split) <= words else " ".join(split[:words]) + " …"


def _outlet_route(handler: SiteHandler, path: str) -> None:
    catalogue = outlet_catalogue()
    if path == OUTLETS_PATH.rstrip("/"):
        handler.redirect(OUTLETS_PATH)  # so that the index's relative links resolve under it
        return
    if path == OUTLETS_PATH:
        handler.send_body(_outlets_index(catalogue).encode(), "text/html; charset=utf-8")
        return
    slug, _, rest = path.removeprefix(OUTLETS_PATH).partition("/")
    outlet = catalogue.get(slug)
    if outlet is None:
        handler.send_status(404)
    elif path == OUTLETS_PATH + slug:
        handler.redirect(outlet.home_path)
    elif rest == "":
        handler.send_body(_front_page(outlet).encode(), "text/html; charset=utf-8")
    elif rest == "feed.xml":
        handler.send_feed(_rss(outlet, handler.site.base), "application/rss+xml; charset=utf-8")
    else:
        article = next((a for a in outlet.articles if a.path == path), None)
        if article is None:
            handler.send_status(404)
        else:
            page = article.page or _article_page(outlet, article, handler.site.base)
            handler.send_body(page.encode(), "text/html; charset=utf-8")


def _rss(outlet: Outlet, base: str) -> bytes:
    rss = ElementTree.Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ElementTree.SubElement(rss, "channel")
    _text(channel, "title", outlet.name)
    _text(channel, "link", base + outlet.home_path)
    _text(channel, "description", f"The latest news from {outlet.name}")
    _text(channel, "language", "en")
    ElementTree.SubElement(
        channel,
        "atom:link",
        {"href": base + outlet.feed_path, "rel": "self", "type": "application/rss+xml"},
    )
    for article in outlet.articles:
        item = ElementTree.SubElement(channel, "item")
        _text(item, "title", article.headline)
        _text(item, "link", base + article.path)
        _text(item, "guid", base + article.path).set("isPermaLink", "true")
        if article.published:
            _text(item, "pubDate", format_datetime(article.published))
        _text(item, "description", article.teaser)
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def _outlets_index(catalogue: dict[str, Outlet]) -> str:
    rows = "".join(
        f'<li><a href="{outlet.slug}/">{html.escape(outlet.name)}</a> '
        f'(<a href="{outlet.slug}/feed.xml">RSS</a>; articles: {len(outlet.articles)})</li>'
        for outlet in catalogue.values()
    )
    return _html_page("Outlets", "", f"<main><h1>Outlets</h1><ul>{rows}</ul></main>")


def _front_page(outlet: Outlet) -> str:
    name = html.escape(outlet.name)
    rows = "".join(
        f'<li><a href="{article.path.rsplit("/", 1)[1]}">{html.escape(article.headline)}</a>'
        f"<p>{html.escape(article.teaser)}</p></li>"
        for article in outlet.articles
    )
    head = f'<link rel="alternate" type="application/rss+xml" title="{name}" href="feed.xml">'
    body = f'{_masthead(outlet)}<main><h1>Latest from {name}</h1><ul class="latest">{rows}</ul></main>'
    return _html_page(outlet.name, head, body)


def _article_page(outlet: Outlet, article: OutletArticle, base: str) -> str:
    """A plain news page from the cleaned article: what an outlet's CMS would print."""
    cleaned, url, escape = article.article, base + article.path, html.escape
    # The description is the standfirst only: a page describing itself by its first paragraph has
    # NewsBite take that paragraph for the standfirst and drop it from the body.
    description = cleaned.standfirst
    meta = {
        "og:type": "article",
        "og:title": article.headline,
        "og:description": description,
        "og:site_name": outlet.name,
        "og:url": url,
        "article:published_time": article.published.isoformat() if article.published else None,
        "article:section": cleaned.section,
    }
    head = (
        (f'<meta name="description" content="{escape(description)}">' if description else "")
        + f'<link rel="canonical" href="{escape(url)}">'
        + "".join(
            f'<meta property="{key}" content="{escape(value)}">' for key, value in meta.items() if value
        )
        + f'<link rel="alternate" type="application/rss+xml" title="{escape(outlet.name)}" href="feed.xml">'
    )
    credit = cleaned.byline or cleaned.agency
    body = [f"<h1>{escape(article.headline)}</h1>"]
    if cleaned.standfirst:
        body.append(f'<p class="standfirst">{escape(cleaned.standfirst)}</p>')
    if credit:
        body.append(f'<p class="byline">By <span class="author">{escape(credit)}</span></p>')
    if article.published:
        shown = article.published.strftime("%d %B %Y, %H:%M")
        body.append(f'<time datetime="{article.published.isoformat()}">{shown}</time>')
    for section in cleaned.sections:
        if section.heading:
            body.append(f"<h2>{escape(section.heading)}</h2>")
        body += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
    main = f"<main><article>{''.join(body)}</article></main>"
    return _html_page(f"{article.headline} | {outlet.name}", head, _masthead(outlet) + main)


def _masthead(outlet: Outlet) -> str:
    name = html.escape(outlet.name)
    return (
        f'<header class="masthead"><a href="{outlet.home_path}">{name}</a>'
        f'<nav><a href="{outlet.home_path}">Latest</a> <a href="{outlet.feed_path}">RSS</a></nav></header>'
    )


def _html_page(title: str, head: str, body: str) -> str:
    footer = "<footer><p>A NewsBite test site: the bundled samples as outlets.</p></footer>"
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{head}</head><body>{body}{footer}</body></html>"
    )
