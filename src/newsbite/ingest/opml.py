"""Feed lists as OPML: read with listparser (after the same entity check as feeds), written as OPML 2.0."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import listparser

from newsbite.errors import FeedError
from newsbite.ingest.feeds import refuse_entity_declarations


@dataclass(frozen=True)
class ListedFeed:
    """One feed of a list: its URL, and the title and category (folder) the list gives it."""

    url: str
    title: str | None = None
    category: str | None = None


def starter_opml() -> Path:
    """The starter list shipped with NewsBite: well-known public news feeds."""
    return Path(str(files("newsbite.ingest") / "starter.opml"))


def read_opml(data: bytes, origin: str) -> list[ListedFeed]:
    """The feeds an OPML (or other subscription list) names; FeedError when it names none."""
    refuse_entity_declarations(data, origin)
    parsed = listparser.parse(data)
    found = [
        ListedFeed(feed["url"], feed.get("title") or None, _category(feed.get("categories")))
        for feed in parsed.feeds
        if feed.get("url")
    ]
    if not found:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable subscription list ({problem})" if parsed.bozo else "the list names no feeds"
        raise FeedError(origin, reason)
    return found


def write_opml(feeds: Iterable[ListedFeed], title: str = "NewsBite feeds") -> str:
    """An OPML 2.0 document listing `feeds`, as feed readers import it."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in folders:
                folders[feed.category] = ElementTree.SubElement(body, "outline", text=feed.category)
            parent = folders[feed.category]
        ElementTree.SubElement(parent, "outline", type="rss", text=feed.title or feed.url, xmlUrl=feed.url)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _category(categories: list[list[str]] | None) -> str | None:
    """The folder a feed is listed in (its first, outermost one's path joined with "/"), as readers
    nest outlines; None at the top level."""
    for path in categories or []:
        named = [part.strip() for part in path if part.strip()]
        if named:
            return " / ".join(named)
    return None
