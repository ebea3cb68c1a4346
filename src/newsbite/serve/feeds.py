"""Output feeds of bites: RSS 2.0 and Atom (feedgen) and JSON Feed 1.1, for all news or a filter.

Each item is an article's bite and key points, with "Originally published as" and the link to
the original, so a feed reader shows what the reader page shows first. Item links point at the
reader's article page; ids are stable, so a reader never sees one article twice.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from newsbite.model import parse_moment
from newsbite.serve.article_view import original_link
from newsbite.serve.state import ServerState, server_state
from newsbite.store import ArticleQuery

State = Annotated[ServerState, Depends(server_state)]

FEED_ITEMS = 30
# Characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates): dropped from anything
# that goes into an XML feed, since a search term or a scraped headline may hold them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class FeedFormat(StrEnum):
    RSS = "rss"
    ATOM = "atom"
    JSON = "json"


MEDIA_TYPES = {
    FeedFormat.RSS: "application/rss+xml; charset=utf-8",
    FeedFormat.ATOM: "application/atom+xml; charset=utf-8",
    FeedFormat.JSON: "application/feed+json; charset=utf-8",
}
FEED_LABELS = {FeedFormat.RSS: "RSS", FeedFormat.ATOM: "Atom", FeedFormat.JSON: "JSON Feed"}
FEED_PATHS = {
    FeedFormat.RSS: "/feeds/rss.xml",
    FeedFormat.ATOM: "/feeds/atom.xml",
    FeedFormat.JSON: "/feeds/feed.json",
}


def render_feed(
    kind: FeedFormat, documents: list[dict[str, Any]], *, title: str, site_url: str, feed_url: str
) -> bytes:
    """The feed of these article documents (newest first) in the given format."""
    if kind is FeedFormat.JSON:
        return _json_feed(documents, title=title, site_url=site_url, feed_url=feed_url)
    title, feed_url = xml_safe(title), xml_safe(feed_url)
    generator = FeedGenerator()
    generator.id(feed_url)
    generator.title(title)
    generator.link(href=site_url, rel="alternate")
    generator.link(href=feed_url, rel="self")
    generator.description(f"{title}: news in bites, by NewsBite")
    generator.language("en")
    generator.updated(_latest(documents))
    for document in reversed(documents):  # feedgen puts each new entry first
        _add_entry(generator, document, site_url)
    return generator.atom_str(pretty=True) if kind is FeedFormat.ATOM else generator.rss_str(pretty=True)


def item_html(document: dict[str, Any]) -> str:
    """An item's content: the bite, its key points and where it was originally published."""
    bite = document.get("bite") or {}
    parts = [f"<p>{escape(_bite_text(document))}</p>"]
    if bite.get("key_points"):
        points = "".join(f"<li>{escape(point['text'])}</li>" for point in bite["key_points"])
        parts.append(f"<ul>{points}</ul>")
    parts.append(f"<p>{originally_published(document)}</p>")
    return "".join(parts)


def originally_published(document: dict[str, Any]) -> Markup:
    """'Originally published as <title> (outlet)', linking the original when its URL is http(s)."""
    title = escape(document.get("original_title") or document.get("headline") or "this article")
    link = original_link(document)
    outlet = f" ({escape(document['publisher'])})" if document.get("publisher") else ""
    named = f'<a href="{escape(link)}">{title}</a>' if link else str(title)
    return Markup(f"Originally published as {named}{outlet}")


def xml_safe(value: Any) -> Any:
    """The value (a string, or lists and dicts of them) without the characters XML cannot hold."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


def _bite_text(document: dict[str, Any]) -> str:
    return " ".join((document.get("bite") or {}).get("sentences", []))


def _article_link(site_url: str, document: dict[str, Any]) -> str:
    """The reader's page of the article: what a feed item links to and is identified by."""
    return f"{site_url.rstrip('/')}/articles/{document['id']}"


def _add_entry(generator: FeedGenerator, document: dict[str, Any], site_url: str) -> None:
    document = xml_safe(document)
    entry = generator.add_entry()
    link = _article_link(site_url, document)
    entry.id(link)
    entry.guid(link, permalink=True)
    entry.title(document.get("headline") or "Untitled")
    entry.link(href=link)
    # RSS 2.0 lets a reader render <description> as HTML, so the bite is escaped as HTML here and
    # once more as XML by feedgen: a reader that renders it shows a scraped `<script>` as text.
    entry.description(str(escape(_bite_text(document) or "(no bite)")))
    entry.content(item_html(document), type="html")
    published = _published(document)
    if document.get("published"):  # a first-seen time is never given as a publication time
        entry.published(published)
    entry.updated(published)
    if document.get("publisher"):
        entry.author({"name": document["publisher"]})


def _json_feed(documents: list[dict[str, Any]], *, title: str, site_url: str, feed_url: str) -> bytes:
    items = []
    for document in documents:
        link = _article_link(site_url, document)
        item: dict[str, Any] = {
            "id": link,
            "url": link,
            "title": document.get("headline") or "Untitled",
            "content_html": item_html(document),
            "summary": _bite_text(document),
            "date_modified": _published(document).isoformat(),
        }
        if document.get("published"):  # a first-seen time is never given as a publication time
            item["date_published"] = item["date_modified"]
        original = original_link(document)
        if original:
            item["external_url"] = original
        if document.get("publisher"):
            item["authors"] = [{"name": document["publisher"]}]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": site_url,
        "feed_url": feed_url,
        "description": f"{title}: news in bites, by NewsBite",
        "language": "en",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2).encode()


def _published(document: dict[str, Any]) -> datetime:
    """The article's best-known time: its publication time (UTC midnight for a bare date) when
    the store believes it, else when NewsBite first saw it (an item's Atom `updated`, not its
    `published`)."""
    for value in (document.get("published"), document.get("added_at")):
        if moment := parse_moment(value):
            return moment
    return datetime(1970, 1, 1, tzinfo=UTC)


def _latest(documents: list[dict[str, Any]]) -> datetime:
    return max((_published(document) for document in documents), default=datetime.now(UTC))


router = APIRouter(prefix="/feeds", tags=["feeds"])
FeedText = Annotated[str | None, Query(max_length=500)]


def _feed_route(kind: FeedFormat) -> Any:
    async def feed(request: Request, state: State, q: FeedText = None, entity: FeedText = None) -> Response:
        page = state.store.articles(ArticleQuery(q=q, entity=entity, limit=FEED_ITEMS), full=True)
        # The request's own address is NEWSBITE_BASE_URL's when it is set, else a trusted host's
        # (serve/hosts.py), so no link here can name a host a client made up.
        site = str(request.base_url).rstrip("/")
        name = " · ".join(part for part in (q, entity) if part)
        body = render_feed(
            kind,
            page.items,
            title=f"NewsBite: {name}" if name else "NewsBite: latest news",
            site_url=site + "/",
            feed_url=str(request.url),
        )
        return Response(body, media_type=MEDIA_TYPES[kind])

    feed.__name__ = f"{kind.value}_feed"
    feed.__doc__ = f"The newest bites as {kind.name} (`q` and `entity` filter them)."
    return feed


for _kind in FeedFormat:
    router.add_api_route(
        FEED_PATHS[_kind].removeprefix("/feeds"), _feed_route(_kind), methods=["GET"], response_class=Response
    )
