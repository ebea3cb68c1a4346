"""Feeds as documents: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 as JSON.

Each entry becomes one document. An entry that carries the article (a full `content:encoded`,
Atom `content` or JSON Feed `content_html`) becomes a record at once; one that carries only a
teaser is fetched from its link (robots.txt obeyed) so that the clean stage extracts the page,
with the entry's headline and date kept. Without a fetcher (a corpus read offline) the teaser
is what there is. An entry linking to a local file or any other URL that is not http(s) is
refused, as is one whose link the fetcher refuses (a private network address).

XML is checked with defusedxml before feedparser reads it: a feed that declares entities (the
billion-laughs attack, external entities) is refused outright rather than expanded.
"""

from __future__ import annotations

import calendar
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree
import feedparser
import lxml.html
from defusedxml import DefusedXmlException

from newsbite.clean.markup import bounded_markup
from newsbite.errors import ExtractionError, FeedError, NewsBiteError
from newsbite.ingest.decode import decode_bytes
from newsbite.ingest.fetch import Fetcher, is_http_url
from newsbite.model import Document, DocumentKind

# Below this many words an entry's content is a teaser, and its page is fetched for the article.
# News teasers run 20 to 60 words; a story shorter than this is fetched too, which costs one
# request and loses nothing.
FULL_TEXT_WORDS = 150
JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/(\d+(?:\.\d+)?)/?$")
FEED_MEDIA_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?(rss|feed|RDF|channel)\b")
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w:.-]*)")
_PROLOG = re.compile(
    r"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>\s*|<\?[^>]*\?>\s*)*", re.S
)
_TAGS = re.compile(r"<[^>]+>")
_ROOT_START = re.compile(r"<[A-Za-z_]")
_FORMATS = {
    "rss090": "RSS 0.90",
    "rss091n": "RSS 0.91",
    "rss091u": "RSS 0.91",
    "rss092": "RSS 0.92",
    "rss093": "RSS 0.93",
    "rss094": "RSS 0.94",
    "rss20": "RSS 2.0",
    "rss10": "RSS 1.0",
    "rss": "RSS",
    "atom01": "Atom 0.1",
    "atom02": "Atom 0.2",
    "atom03": "Atom 0.3",
    "atom10": "Atom 1.0",
    "atom": "Atom",
    "cdf": "CDF",
}


@dataclass(frozen=True)
class FeedEntry:
    """One entry as the feed gives it."""

    title: str | None
    url: str | None
    published: str | None  # ISO 8601
    content: str  # the fullest body the feed carries (HTML or plain text), or ""
    content_is_html: bool
    author: str | None = None

    @property
    def words(self) -> int:
        return len(_TAGS.sub(" ", self.content).split())


@dataclass(frozen=True)
class Feed:
    """A parsed feed: what it is, its entries, how often it asks to be read, and any warning."""

    origin: str
    format: str  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1", ...
    title: str | None
    site_url: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    ttl_seconds: int | None = None  # from <ttl> or sy:updatePeriod
    warning: str | None = None  # the feed was not well-formed but gave entries


def looks_like_feed(text: str) -> bool:
    """Whether a text is a feed by its content: XML whose root is a feed element, or a JSON Feed."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return bool(re.search(r'"version"\s*:\s*"https?://jsonfeed\.org/version/', head))
    if not head.startswith("<"):
        return False
    body = _PROLOG.sub("", head, count=1)
    return bool(_FEED_ROOT.match(body))


def looks_like_xml(text: str) -> bool:
    """XML that is not HTML (XHTML included): a feed, or something that must be told it is not one."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<?xml"):
        return False
    doctype = re.search(r"<!DOCTYPE\s+(\w+)", head, re.I)
    after_prolog = _PROLOG.sub("", head, count=1).lstrip()
    return not ((doctype and doctype[1].lower() == "html") or after_prolog[:5].lower() == "<html")


def read_feed(data: bytes, origin: str, headers: Mapping[str, str] | None = None) -> Feed:
    """The feed in `data`; FeedError when it is not a feed, not readable, or has no entries."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError(origin, "the feed is empty", reason="empty")
    if stripped.startswith((b"{", b"[")):
        feed = _read_json_feed(data, origin)
    else:
        feed = _read_xml_feed(data, origin, headers or {})
    if not feed.entries:
        raise FeedError(origin, f"the {feed.format} feed has no entries", reason="empty")
    return feed


def feed_documents(feed: Feed, fetcher: Fetcher | None = None) -> Iterator[Document | NewsBiteError]:
    """A document for each entry, the teasers fetched when a fetcher is given; errors in place."""
    for index, entry in enumerate(feed.entries):
        origin = f"{feed.origin}[{index}]"
        try:
            yield entry_document(entry, origin, feed, fetcher)
        except NewsBiteError as error:
            yield error


def entry_document(entry: FeedEntry, origin: str, feed: Feed, fetcher: Fetcher | None = None) -> Document:
    """One entry as a record: its own content when full, else its fetched page.

    Raises FeedError for an entry with neither, or whose link is a URL but not an http(s) one.
    """
    _check_link(entry, origin)
    record: dict[str, Any] = {"title": entry.title, "url": entry.url, "published": entry.published}
    if feed.title:
        record["feed"] = feed.title
    if entry.words < FULL_TEXT_WORDS and fetcher is not None and entry.url and is_http_url(entry.url):
        fetched = fetcher.get(entry.url, origin=f"{origin} {entry.url}", obey_robots=True)
        # The record keeps the entry's link, not where it redirected: the feed names the article
        # by that link, so the next poll knows it is stored without fetching it again.
        record["html"] = decode_bytes(fetched.body, origin)
    elif entry.content.strip():
        record["html" if entry.content_is_html else "text"] = entry.content
    else:
        raise FeedError(origin, "the entry has neither content nor a link to fetch", reason="empty")
    return Document(origin=origin, kind=DocumentKind.RECORD, url=record["url"], record=record)


# Schemes an entry's link may have and still be let be: http(s) (a malformed one is reported when
# fetched), and what names something rather than locates it, since feedparser takes an RSS <guid>
# for the link when there is no <link>, and a guid is often a urn: or tag: URI.
_LINK_SCHEMES_LET_BE = frozenset({"http", "https", "urn", "tag"})


def _check_link(entry: FeedEntry, origin: str) -> None:
    """FeedError for an entry linking to a URL that is not http(s): a file on this machine
    (file:///etc/passwd), ftp, javascript:, data:... A link without a scheme, or an identifier, is
    not a URL NewsBite would follow, and is let be."""
    if not entry.url or is_http_url(entry.url):
        return
    try:
        scheme = urlsplit(entry.url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme and scheme not in _LINK_SCHEMES_LET_BE:
        problem = f"refused: the entry's link {entry.url} is a {scheme}: URL, not http(s)"
        raise FeedError(origin, problem, reason="scheme")


def discover_feeds(html: str, base_url: str) -> list[str]:
    """The feeds a page advertises with `<link rel="alternate" type="application/rss+xml" href=...>`."""
    try:
        # Trimmed first, as any page is before a parser sees it (a tag of a million attributes
        # would hold `feeds add` in libxml2 for minutes).
        tree = lxml.html.fromstring(bounded_markup(html, base_url))
    except (ValueError, lxml.etree.ParserError, ExtractionError):
        return []
    found: list[str] = []
    for link in tree.iterfind(".//link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_MEDIA_TYPES and kind != "application/json" and href:
            url = _joined(base_url, href)
            if url and is_http_url(url) and url not in found:
                found.append(url)
    return found


def refuse_entity_declarations(data: bytes, origin: str) -> None:
    """FeedError when the XML declares entities or refers to external ones (expansion attacks).

    defusedxml judges what expat can parse. What it cannot (a bad byte, an unknown encoding,
    broken markup) feedparser may still read with its own encoding fallbacks, so then the
    document's prolog, read in every encoding it could be in, must declare no entity either.
    """
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as refused:
        raise _entities_refused(origin, type(refused).__name__) from None
    except (SyntaxError, ValueError, LookupError):  # ParseError is a SyntaxError
        if any("<!ENTITY" in _prolog(text) for text in _readings(data)):
            raise _entities_refused(origin, "declared in the DOCTYPE") from None


def _entities_refused(origin: str, how: str) -> FeedError:
    return FeedError(origin, f"refused: the XML declares entities ({how}), which can expand without bound")


def _readings(data: bytes) -> Iterator[str]:
    """The bytes as text in each family of encodings: ASCII-compatible ones, UTF-16, UTF-32."""
    yield data.decode("latin-1")
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        usable = len(data) - len(data) % (4 if "32" in encoding else 2)
        yield data[:usable].decode(encoding, errors="replace")


def _prolog(text: str) -> str:
    """What comes before the root element, where a DOCTYPE and its declarations live."""
    root = _ROOT_START.search(text)
    return text[: root.start()] if root else text


# XML feeds


def _read_xml_feed(data: bytes, origin: str, headers: Mapping[str, str]) -> Feed:
    refuse_entity_declarations(data, origin)
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=dict(headers))
    except (ValueError, UnicodeError, RecursionError) as error:
        # feedparser raises on some malformed input instead of flagging it (an out-of-range or
        # surrogate character reference: chr() or the UTF-8 encoder refuses it).
        raise FeedError(origin, f"not a readable feed ({type(error).__name__}: {error})") from None
    problem = _bozo_problem(parsed)
    if not parsed.version:
        if not parsed.entries:
            reason = (
                f"not a well-formed feed: {problem}" if problem else f"not a feed ({_root_description(data)})"
            )
            raise FeedError(origin, reason)
        # RSS 1.1 and CDF, which feedparser reads without naming: take the entries, say so.
        problem = f"an unrecognised feed format ({_root_description(data)}), read as best could be"
    entries = [_xml_entry(entry) for entry in parsed.entries]
    return Feed(
        origin=origin,
        format=_FORMATS.get(parsed.version, parsed.version) or "unrecognised",
        title=_text(parsed.feed.get("title")),
        site_url=_text(parsed.feed.get("link")),
        entries=entries,
        ttl_seconds=_ttl_seconds(parsed.feed),
        warning=problem if problem and entries else None,
    )


def _xml_entry(entry: Any) -> FeedEntry:
    contents = [item for item in entry.get("content", []) if item.get("value")]
    summary = entry.get("summary_detail") or {}
    best = max(contents, key=lambda item: len(item["value"]), default=None)
    if best is None or len(summary.get("value", "")) > len(best["value"]):
        best = summary
    value = best.get("value", "") if best else ""
    return FeedEntry(
        title=_text(entry.get("title")),
        url=_text(entry.get("link")),
        published=_struct_time_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=value,
        content_is_html="html" in (best.get("type") or "text/html") if best else False,
        author=_text(entry.get("author")),
    )


def _bozo_problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    line = getattr(error, "getLineNumber", lambda: None)()
    column = getattr(error, "getColumnNumber", lambda: None)()
    message = getattr(error, "getMessage", lambda: str(error))() if error is not None else "unknown problem"
    where = f"line {line}, column {column}: " if line is not None else ""
    if type(error).__name__ == "CharacterEncodingOverride":
        return f"the declared character encoding was wrong ({message})"
    return f"not well-formed XML, {where}{message}" if where else str(message or type(error).__name__)


def _root_description(data: bytes) -> str:
    text = data[:4096].decode("utf-8", errors="replace")
    match = _FIRST_ELEMENT.search(_PROLOG.sub("", text.lstrip("\ufeff"), count=1))
    return f"root element <{match[1]}>" if match else "no XML element found"


def _ttl_seconds(feed: Any) -> int | None:
    ttl = _text(feed.get("ttl"))
    if ttl and ttl.isascii() and ttl.isdecimal():
        return int(ttl) * 60
    period = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2592000, "yearly": 31536000}.get(
        (_text(feed.get("sy_updateperiod")) or "").lower()
    )
    if period:
        frequency = _text(feed.get("sy_updatefrequency")) or "1"
        usable = frequency.isascii() and frequency.isdecimal()
        return period // max(1, int(frequency)) if usable else period
    return None


# JSON Feed


def _read_json_feed(data: bytes, origin: str) -> Feed:
    try:
        value = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        raise FeedError(origin, f"not a feed: not valid JSON ({error})") from None
    except RecursionError:
        raise FeedError(origin, "not a feed: the JSON is nested too deeply to read") from None
    version = JSON_FEED_VERSION.match(str(value.get("version", ""))) if isinstance(value, dict) else None
    if not isinstance(value, dict) or version is None:
        raise FeedError(origin, "not a feed: JSON without a jsonfeed.org 'version'")
    items = value.get("items")
    if not isinstance(items, list):
        raise FeedError(origin, f"the JSON Feed {version[1]} has no 'items' list")
    base = _text(value.get("feed_url")) or _text(value.get("home_page_url")) or ""
    return Feed(
        origin=origin,
        format=f"JSON Feed {version[1]}",
        title=_text(value.get("title")),
        site_url=_text(value.get("home_page_url")),
        entries=[_json_entry(item, base) for item in items if isinstance(item, dict)],
    )


def _json_entry(item: Mapping[str, Any], base: str) -> FeedEntry:
    html, text, summary = (_text(item.get(key)) or "" for key in ("content_html", "content_text", "summary"))
    content, is_html = max(((html, True), (text, False), (summary, False)), key=lambda pair: len(pair[0]))
    url = _text(item.get("url")) or _text(item.get("external_url"))
    authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
    names = [author.get("name") for author in authors if isinstance(author, dict) and author.get("name")]
    return FeedEntry(
        title=_text(item.get("title")),
        url=_joined(base, url) if url else None,
        published=_iso(_text(item.get("date_published")) or _text(item.get("date_modified"))),
        content=content,
        content_is_html=is_html,
        author=", ".join(map(str, names)) or None,
    )


# Small helpers


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _struct_time_iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def find_feed(url: str, fetcher: Fetcher) -> tuple[str, Feed, list[str]]:
    """The feed at `url`, or the first readable one a page at `url` advertises, with the others.

    Returns (feed URL, the feed, other advertised feed URLs); FeedError or FetchError otherwise.
    """
    fetched = fetcher.get(url)
    try:
        return url, read_feed(fetched.body, url, fetched.headers), []
    except FeedError as not_a_feed:
        page = fetched.body.decode("utf-8", errors="replace")
        candidates = [found for found in discover_feeds(page, fetched.url) if found != url]
        if not candidates:
            raise FeedError(url, f"{not_a_feed.problem}, and the page advertises no feed") from None
    problems = []
    for index, candidate in enumerate(candidates):
        try:
            found = fetcher.get(candidate)
            return candidate, read_feed(found.body, candidate, found.headers), candidates[index + 1 :]
        except NewsBiteError as error:
            problems.append(str(error))
    raise FeedError(url, f"the page advertises feeds, but none can be read: {'; '.join(problems)}")


def _joined(base: str, link: str) -> str | None:
    """`link` made absolute against `base`; None when either is not a usable URL."""
    try:
        return urljoin(base, link)
    except ValueError:  # an unclosed [ in a host, a bad port
        return None
