"""How the Google Reader API shows a reader's entries: as Atom (`/reader/atom/<stream>`, the one
form newsboat's FeedHQ backend reads a feed in), and each as the JSON item of FreshRSS's shape;
both with the entry's long item id and its state as Google Reader's categories.

The Atom is shaped after FeedHQ's AtomRenderer, trimmed to what clients read. Atom is the default
namespace, as newsboat 2.21 takes a feed for Atom 1.0 only then, and it reads an item's state
from the `label` of a `<category>` whose scheme is exactly GOOGLE_SCHEME: `read` for a read item,
`kept-unread` for an unread one (so that an item marked unread on the server is unread in the app
too), and `fresh` besides for an unread one whose state the reader never changed. Dates have no
fractional seconds: newsboat reads the time after `.123` as local time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from lxml import etree

from newsbite.serve.feeds import xml_safe
from newsbite.serve.sync.content import entry_content
from newsbite.store import utc_stamp
from newsbite.store.entries import Entry

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
STATE = "user/-/state/com.google/"
READING_LIST = STATE + "reading-list"
LABEL = "user/-/label/"
ATOM = "http://www.w3.org/2005/Atom"
GOOGLE_READER = "http://www.google.com/schemas/reader/atom/"
GOOGLE_SCHEME = "http://www.google.com/reader/"
_NAMESPACES = {None: ATOM, "gr": GOOGLE_READER}
_UNREAD_MARKS = frozenset({STATE + "kept-unread", STATE + "fresh"})


def long_item_id(entry_id: int) -> str:
    """The long form of an entry's id: its 16 hex digits after the tag (FreshRSS, Miniflux)."""
    return f"{ITEM_PREFIX}{entry_id:016x}"


@lru_cache(maxsize=65_536)
def seconds(stamp: str) -> int:
    """A store time (`YYYY-MM-DDTHH:MM:SSZ`) as unix seconds (kept: a page of 50 entries asked for
    150, and strptime took 2 ms of it)."""
    return int(datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp())


def item_json(entry: Entry) -> dict[str, Any]:
    """An entry as FreshRSS gives it (Entry::toGReader), with Miniflux's `content` and `updated`;
    its content is empty unless the entry came with its document."""
    html, author = _content(entry)
    added = seconds(entry.added_at)
    item: dict[str, Any] = {
        "id": long_item_id(entry.id),
        "crawlTimeMsec": str(added * 1_000),
        "timestampUsec": str(added * 1_000_000),
        "published": seconds(entry.sort_time),
        "updated": seconds(entry.sort_time),
        "title": entry.headline or "",
        "canonical": [{"href": entry.url}] if entry.url else [],
        "alternate": [{"href": entry.url, "type": "text/html"}] if entry.url else [],
        # FreshRSS marks the read alone, which the apps take unread otherwise.
        "categories": [term for term, _ in _categories(entry) if term not in _UNREAD_MARKS],
        "origin": {
            "streamId": f"feed/{entry.feed_seq}",
            "title": entry.feed_title,
            "htmlUrl": entry.site_url or "",
        },
        "summary": {"direction": "ltr", "content": html},
        "content": {"direction": "ltr", "content": html},
    }
    if author:
        item["author"] = author
    return item


def atom_feed(
    *, stream_id: str, title: str, self_url: str, site_url: str | None, entries: list[Entry]
) -> bytes:
    """The stream as an Atom document (UTF-8), its entries in the order given (which came with
    their documents); an empty stream is a feed with no entries, updated now."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=_NAMESPACES)
    _add(feed, "generator", "NewsBite")
    _add(feed, "id", f"tag:google.com,2005:reader/{stream_id}")
    _add(feed, "title", title)
    _link(feed, "self", self_url)
    if site_url:
        _link(feed, "alternate", site_url)
    _add(feed, "updated", max((entry.added_at for entry in entries), default=utc_stamp()))
    for entry in entries:
        _add_entry(feed, entry)
    document: bytes = etree.tostring(feed, xml_declaration=True, encoding="utf-8")
    return document


def _add_entry(feed: etree._Element, entry: Entry) -> None:
    html, author = _content(entry)
    element = etree.SubElement(feed, f"{{{ATOM}}}entry")
    element.set(f"{{{GOOGLE_READER}}}crawl-timestamp-msec", str(seconds(entry.added_at) * 1_000))
    # The long id: newsboat keys its cache by it and sends it back to edit-tag.
    _add(element, "id", long_item_id(entry.id))
    for term, label in _categories(entry):
        category = etree.SubElement(element, f"{{{ATOM}}}category")
        category.set("term", xml_safe(term))
        category.set("scheme", GOOGLE_SCHEME)
        category.set("label", xml_safe(label))
    _add(element, "title", entry.headline or "")
    _add(element, "published", entry.sort_time)
    _add(element, "updated", entry.sort_time)
    if entry.url:
        _link(element, "alternate", entry.url)
    # As text of type html: lxml escapes it, and newsboat renders the HTML it unescapes.
    _add(element, "content", html).set("type", "html")
    if author:
        _add(etree.SubElement(element, f"{{{ATOM}}}author"), "name", author)
    source = etree.SubElement(element, f"{{{ATOM}}}source")
    source.set(f"{{{GOOGLE_READER}}}stream-id", f"feed/{entry.feed_seq}")
    _add(source, "id", f"tag:google.com,2005:reader/feed/{entry.feed_seq}")
    _add(source, "title", entry.feed_title)
    if entry.site_url:
        _link(source, "alternate", entry.site_url)


def _categories(entry: Entry) -> list[tuple[str, str]]:
    """The entry's Google Reader categories, each as (term, label)."""
    found = [(READING_LIST, "reading-list")]
    if entry.category:
        found.append((LABEL + entry.category, entry.category))
    if entry.read:
        found.append((STATE + "read", "read"))
    else:
        found.append((STATE + "kept-unread", "kept-unread"))
        if entry.changed_at is None:
            found.append((STATE + "fresh", "fresh"))
    if entry.starred:
        found.append((STATE + "starred", "starred"))
    return found


def _content(entry: Entry) -> tuple[str, str | None]:
    """The entry's HTML (its bite, key points and where it was first published) and byline."""
    content = entry_content(entry)
    return content.html, content.byline


def _add(parent: etree._Element, name: str, text: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    child.text = xml_safe(text)
    return child


def _link(parent: etree._Element, rel: str, href: str) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link")
    link.set("rel", rel)
    if rel == "alternate":
        link.set("type", "text/html")
    link.set("href", xml_safe(href))
