"""Output feeds of bites: RSS 2.0 and Atom (feedgen) and JSON Feed 1.1, for all news or a filter.

Each item is an article's bite and key points, with "Originally published as" and the link to
the original, so a feed reader shows what the reader page shows first. Item links point at the
reader's article page; ids are stable, so a reader never sees one article twice. A feed follows
one reader page (its filters are that page's: a story, an entity, a place, an outlet, a search),
links to it as its site, and answers a poll with nothing new in it with a 304.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape
from werkzeug.http import generate_etag, http_date, quote_etag
from werkzeug.sansio.http import is_resource_modified

from newsbite.model import parse_moment
from newsbite.serve.article_view import original_link
from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.sessions import Viewer, reader_by_token
from newsbite.serve.state import ServerState, server_state
from newsbite.store import ArticleQuery, Reader, Store

State = Annotated[ServerState, Depends(server_state)]

FEED_ITEMS = 30
# An empty feed's time, so that polling it gives the same bytes (and ETag) every time.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
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
    kind: FeedFormat,
    documents: list[dict[str, Any]],
    *,
    title: str,
    site_url: str,
    page_url: str,
    feed_url: str,
) -> bytes:
    """The feed of these article documents (newest first) in the given format. Items link to
    their pages under `site_url`; `page_url` is the reader page the feed follows (RSS's channel
    `<link>`, Atom's `alternate`, JSON Feed's `home_page_url`), `feed_url` the feed's own address
    (`atom:link rel="self"`, `feed_url`). The same documents give the same bytes: an empty feed
    is dated 1970, not now."""
    if kind is FeedFormat.JSON:
        return _json_feed(documents, title=title, site_url=site_url, page_url=page_url, feed_url=feed_url)
    title, page_url, feed_url = xml_safe(title), xml_safe(page_url), xml_safe(feed_url)
    generator = FeedGenerator()
    generator.id(feed_url)
    generator.title(title)
    generator.link(href=feed_url, rel="self")
    generator.link(href=page_url, rel="alternate")  # after the self link: RSS's <link> is the last one
    generator.description(f"{title}: news in bites, by NewsBite")
    generator.language("en")
    latest = _latest(documents)
    generator.updated(latest)
    generator.lastBuildDate(latest)  # feedgen's default is now, which would change every poll's bytes
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


def _json_feed(
    documents: list[dict[str, Any]], *, title: str, site_url: str, page_url: str, feed_url: str
) -> bytes:
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
        "home_page_url": page_url,
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
    return max((_published(document) for document in documents), default=NEVER)


def _last_stored(documents: list[dict[str, Any]]) -> datetime | None:
    """When the newest of these documents was stored (an update stores it again), or None."""
    return max(filter(None, (parse_moment(document.get("added_at")) for document in documents)), default=None)


@dataclass(frozen=True)
class FeedFilters:
    """What a feed holds: the reader page it follows, as filters on the articles."""

    q: str | None = None
    entity: str | None = None
    place: str | None = None
    source: str | None = None  # the outlet (an article's `publisher`)
    agency: str | None = None
    since: date | None = None
    until: date | None = None
    story: str | None = None

    def params(self) -> dict[str, str]:
        """The filters given, as a feed's query parameters (FEED_FILTERS order)."""
        return {key: str(value) for key, value in asdict(self).items() if value}

    def query(self, limit: int, reader: Reader | None = None) -> ArticleQuery:
        return ArticleQuery(
            reader=reader,
            q=self.q,
            entity=self.entity,
            place=self.place,
            agency=self.agency,
            publisher=self.source,
            since=self.since,
            until=self.until,
            limit=limit,
            story=self.story,
        )

    def site_path(self) -> str:
        """The reader page the feed follows: a story's, an entity's, a place's or an outlet's, else
        a search, else the latest articles (what an unfiltered feed holds)."""
        given = self.params()
        if self.story:
            return f"/stories/{quote(self.story, safe='')}"
        for key, page in (("entity", "/entities"), ("place", "/places"), ("source", "/sources")):
            if given.keys() == {key}:
                return f"{page}/{quote(given[key], safe='')}"
        if not given:
            return "/latest"
        searched = {("publisher" if key == "source" else key): value for key, value in given.items()}
        return "/search?" + urlencode(searched)

    def name(self) -> str:
        return " · ".join(self.params().values())


# The filters a feed takes, in the order its link gives them.
FEED_FILTERS = tuple(field.name for field in fields(FeedFilters))


# What each filter that names a thing says when nothing stored has that name.
NOTHING_NAMED = {
    "entity": "no stored article names {!r}",
    "place": "no stored article names the place {!r}",
    "source": "no stored article is from the outlet {!r}",
    "agency": "no stored article is from the agency {!r}",
}
FeedText = Annotated[str | None, Query(min_length=1, max_length=500)]


def feed_filters(
    request: Request,
    q: Annotated[str | None, Query(min_length=1, max_length=500, description="Words to find.")] = None,
    entity: FeedText = None,
    place: FeedText = None,
    source: Annotated[str | None, Query(min_length=1, max_length=500, description="An outlet.")] = None,
    agency: FeedText = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    story: Annotated[str | None, Query(min_length=1, max_length=100, description="A story's id.")] = None,
) -> FeedFilters:
    """The feed's filters; a parameter that is not one is refused rather than ignored, since a
    feed that silently held everything would look like it worked."""
    unknown = sorted(set(request.query_params) - set(FEED_FILTERS))
    if unknown:
        raise ApiError(
            422,
            "invalid_request",
            f"query.{unknown[0]}: not a feed filter (a feed takes {', '.join(FEED_FILTERS)})",
        )
    return FeedFilters(q, entity, place, source, agency, since, until, story)


def feed_items(
    store: Store, filters: FeedFilters, reader: Reader | None = None
) -> tuple[FeedFilters, str | None, list[dict[str, Any]]]:
    """The filters (a merged story's id replaced by the story it went into), the story's title
    when the feed is a story's, and the newest matching documents. Raises a 404 ApiError for a
    story, entity, place, outlet or agency that nothing stored has: a search that finds nothing
    yet is an empty feed, but a name that matches nothing is most likely mistyped."""
    title = None
    if filters.story:
        found = store.story_listing(filters.story, reader)
        if found is None:
            raise ApiError(404, "not_found", f"no story with id {filters.story!r}")
        filters, title = replace(filters, story=found["id"]), found["title"]
    documents = store.articles(filters.query(FEED_ITEMS, reader), full=True).items
    if not documents:
        for field, message in NOTHING_NAMED.items():
            name = getattr(filters, field)
            if name and not store.articles(FeedFilters(**{field: name}).query(1)).items:
                raise ApiError(404, "not_found", message.format(name))
    return filters, title, documents


def conditional_response(
    request: Request, body: bytes, media_type: str, last_modified: datetime | None
) -> Response:
    """The body with its ETag and Last-Modified, or a 304 with those alone when the request's
    If-None-Match (which decides when given, RFC 9110 13.2.2) or If-Modified-Since says the
    client has it; a HEAD gets the headers of the GET."""
    etag = generate_etag(body)
    # no-cache: a cache may keep the feed but must ask again each time, with the validators;
    # without it, a cache may guess a feed dated weeks ago is fresh for days.
    headers = {"ETag": quote_etag(etag), "Cache-Control": "no-cache"}
    if last_modified:
        headers["Last-Modified"] = http_date(last_modified)
    if not is_resource_modified(
        http_if_none_match=request.headers.get("if-none-match"),
        http_if_modified_since=request.headers.get("if-modified-since"),
        etag=etag,
        last_modified=last_modified,
    ):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        return Response(media_type=media_type, headers={**headers, "Content-Length": str(len(body))})
    return Response(body, media_type=media_type, headers=headers)


router = APIRouter(prefix="/feeds", tags=["feeds"])
Filters = Annotated[FeedFilters, Depends(feed_filters)]
FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the client's copy (If-None-Match, If-Modified-Since) is current"},
    404: {"model": ErrorBody, "description": "No story of that id, or nothing stored has that name"},
    422: {"model": ErrorBody, "description": "Invalid or unknown parameters"},
    503: {"model": ErrorBody, "description": "The store cannot be reached"},
}


def _feed_route(kind: FeedFormat) -> Any:
    async def feed(request: Request, state: State, viewer: Viewer, filters: Filters) -> Response:
        # A user's feeds hold what they see (their feeds' articles and those added by hand).
        filters, story_title, documents = feed_items(state.store, filters, None if viewer.local else viewer)
        # The request's own address is NEWSBITE_BASE_URL's when it is set, else a trusted host's
        # (serve/hosts.py), so no link here can name a host a client made up.
        site = str(request.base_url).rstrip("/")
        name = story_title or filters.name()
        body = render_feed(
            kind,
            documents,
            title=f"NewsBite: {name}" if name else "NewsBite: latest news",
            site_url=site + "/",
            page_url=site + filters.site_path(),
            feed_url=str(request.url),
        )
        return conditional_response(request, body, MEDIA_TYPES[kind], _last_stored(documents))

    feed.__name__ = f"{kind.value}_feed"
    feed.__doc__ = (
        f"The newest bites as {kind.name}: of a story, an entity, a place, an outlet (`source`), an "
        "agency or a search, as the reader page the feed follows. Sends ETag and Last-Modified "
        "and answers a conditional GET whose copy is current with 304."
    )
    return feed


for _kind in FeedFormat:
    _path, _route = FEED_PATHS[_kind].removeprefix("/feeds"), _feed_route(_kind)
    router.add_api_route(_path, _route, methods=["GET"], response_class=Response, responses=FEED_RESPONSES)
    # HEAD on its own route, out of the OpenAPI document, which would list it as a second operation
    # with the same id.
    router.add_api_route(_path, _route, methods=["HEAD"], response_class=Response, include_in_schema=False)


# A reader's own feeds, at an address that carries a secret of theirs (a token of kind "feed"), for
# feed readers that cannot sign in: /feeds/private/<token>/unread.xml, .atom or .json, and starred.
private_router = APIRouter(prefix="/feeds/private", include_in_schema=False)
PRIVATE_VIEWS = {"unread": "unread items", "starred": "starred items"}
PRIVATE_FORMATS = {"xml": FeedFormat.RSS, "atom": FeedFormat.ATOM, "json": FeedFormat.JSON}


@private_router.api_route("/{secret}/{name}", methods=["GET", "HEAD"])
async def private_feed(request: Request, state: State, secret: str, name: str) -> Response:
    """A reader's unread or starred items as RSS (.xml), Atom (.atom) or JSON Feed (.json); a
    wrong secret is a 404 that counts against the address's login_rate_limit."""
    view, _, extension = name.partition(".")
    kind = PRIVATE_FORMATS.get(extension)
    if view not in PRIVATE_VIEWS or kind is None:
        raise ApiError(404, "not_found", f"no private feed {name!r}: unread or starred, .xml, .atom or .json")
    reader = reader_by_token(request, state, secret, "feed")
    if reader is None:
        raise ApiError(404, "not_found", "no such private feed (the address may have been replaced)")
    query = ArticleQuery(limit=FEED_ITEMS, reader=reader, unread=view == "unread", starred=view == "starred")
    documents = state.store.articles(query, full=True).items
    site = str(request.base_url).rstrip("/")
    body = render_feed(
        kind,
        documents,
        title=f"NewsBite: {reader.name}'s {PRIVATE_VIEWS[view]}",
        site_url=site + "/",
        page_url=f"{site}/{view}",
        feed_url=str(request.url),
    )
    return conditional_response(request, body, MEDIA_TYPES[kind], _last_stored(documents))
