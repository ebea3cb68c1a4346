"""Miniflux's REST API under `/v1/` (docs/apps.md), the part its apps use: newsboat's `miniflux`
source among them. Shapes and messages are miniflux/v2's (internal/model, internal/api).

An app signs in on every request with HTTP Basic (a user's name and API password) or an API token
as `X-Auth-Token` (serve/sync/credentials.py). Every id is an integer that a restart keeps:
- a feed is its number in the feed list (`feeds.seq`); the built-in source "Added by hand" (what
  came from no feed) is the feed BY_HAND_FEED_ID, 2**31 - 1: the largest id apps keep (newsboat
  reads ids into a C int), which no real feed reaches, and not 0, which Miniflux never gives and
  apps take for none.
  It is a feed like the others in feeds, entries and counters; it cannot be removed.
- an entry is store/entries.py's id: its article's number, or in a second feed its own.
- a category is one of the reader's free-text category names, casefolded ("Tech" and "tech" are
  one, shown as the first spelling in sorted order): the first four bytes of the name's SHA-256 as
  a number from 2 to 2**31 - 1. Two names of one reader that land on one id are taken in sorted
  order, the later one taking the next free id. The feeds with no category, and the built-in
  source, are in the category "All", id 1.

Where this departs from Miniflux, and why:
- A request body is read as JSON whatever its Content-Type: newsboat labels its JSON as a form.
- `PUT /v1/entries` with no entry ids changes nothing and answers 204 (Miniflux: 400): newsboat
  sends `[]` to mark an empty feed read.
- Orders: `published_at` (the default), `id`, and `created_at` (arrival); the rest
  Miniflux takes (status, changed_at, category_title, category_id, title, author) fall back to
  `published_at`; any other is a 400, as in Miniflux. `changed_before`, `changed_after`, `search`,
  `tags` and `globally_visible` are not applied.
- `POST /v1/feeds` follows a site's or a feed's URL through the safe fetcher, as `feeds add` does;
  one that gives no feed is a 400 saying why (Miniflux: 500); `category_id` 0 means "All".
- Removing a feed unfollows it for this reader; the feed stays while anyone else follows it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams

from newsbite.errors import NewsBiteError
from newsbite.following import follow_url
from newsbite.ingest.web import is_url
from newsbite.serve.errors import ApiError
from newsbite.serve.state import ServerState, server_state
from newsbite.serve.sync.content import entry_content
from newsbite.serve.sync.credentials import app_credentials
from newsbite.store import Reader, StoreError, utc_stamp
from newsbite.store.entries import BY_HAND, MAX_ENTRIES, Entry, EntryFeed, EntryQuery

BY_HAND_FEED_ID = 2**31 - 1
ALL_CATEGORY_ID = 1
ALL_CATEGORY = "All"
_LARGEST_ID = 2**31 - 1  # newsboat's int
_INT64 = 2**63 - 1
# Go's zero time, which Miniflux gives for a feed never checked.
ZERO_TIME = "0001-01-01T00:00:00Z"
# The last second `before` and `after` can name: later ones compare as this.
_LAST_UNIX_SECOND = 253_402_300_799  # 9999-12-31T23:59:59Z
# Most entry ids one change may name: Miniflux's own cap on a list of entry ids.
MAX_CHANGED = 10_000
WORDS_A_MINUTE = 265  # Miniflux's default reading speed
PREFERENCES = {  # Miniflux's defaults for a new user (internal/model/user.go) that apps read
    "theme": "light_serif",
    "language": "en_US",
    "timezone": "UTC",
    "entry_sorting_direction": "asc",
    "entry_sorting_order": "published_at",
    "entries_per_page": 100,
}
# What NewsBite has none of, as Miniflux gives it when it has none (internal/model feed.go, entry.go).
UNUSED_FEED_FIELDS = {"description": "", "etag_header": "", "last_modified_header": "", "disabled": False}
UNUSED_FEED_FIELDS |= {"hide_globally": False, "next_check_at": ZERO_TIME}
UNUSED_ENTRY_FIELDS = {"comments_url": "", "share_code": "", "enclosures": [], "tags": []}
STATUS_MESSAGE = 'invalid entry status, valid status values are: "read" and "unread"'
ORDERS = (
    *("id", "status", "changed_at", "published_at", "created_at"),
    *("category_title", "category_id", "title", "author"),
)
ORDER_MESSAGE = "invalid entry order, valid order values are: " + ", ".join(f'"{o}"' for o in ORDERS)
BY_ARRIVAL = ("id", "created_at")


class MinifluxError(Exception):
    """A refusal, answered as Miniflux answers: `{"error_message": ...}` with its status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def miniflux_error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    answer = JSONResponse({"error_message": message}, status_code=status, headers=headers)
    if status == 401:  # as Miniflux's validateBasicAuth, so that a client may answer the challenge
        answer.headers["WWW-Authenticate"] = 'Basic realm="Restricted"'
    return answer


class MinifluxRoute(APIRoute):
    """A route whose refusals, its sign-in's rate limit (a 429) among them, are in Miniflux's shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except MinifluxError as error:
                return miniflux_error(error.status, error.message)
            except ApiError as error:
                return miniflux_error(error.status, error.message, error.headers)

        return answer


router = APIRouter(include_in_schema=False, route_class=MinifluxRoute)
State = Annotated[ServerState, Depends(server_state)]


def app_reader(request: Request) -> Reader:
    """The user an `X-Auth-Token` or an HTTP Basic name and API password names; else a 401.
    Plain `def`, so that argon2 runs off the event loop."""
    credentials = app_credentials(request)
    token = request.headers.get("x-auth-token", "")
    if token:
        reader = credentials.by_token(request, token)
    else:
        name, password = basic_credentials(request.headers.get("authorization", ""))
        reader = credentials.by_password(request, name, password) if name and password else None
    if reader is None:
        raise MinifluxError(401, "access unauthorized")
    return reader


def basic_credentials(header: str) -> tuple[str, str]:
    """The name and password of an `Authorization: Basic` header; empty ones for any other."""
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    name, _, password = decoded.partition(":")
    return name, password


App = Annotated[Reader, Depends(app_reader)]


@dataclass(frozen=True)
class Category:
    id: int
    name: str | None  # as the reader's subscriptions hold it; None for "All"
    feed_seqs: tuple[int, ...]  # store seqs, BY_HAND among them for "All"

    @property
    def title(self) -> str:
        return self.name or ALL_CATEGORY


def category_ids(names: set[str]) -> dict[str, int]:
    """Each casefolded category name's id (the rule in the module's docstring)."""
    taken, found = {ALL_CATEGORY_ID}, {}
    for name in sorted(names):
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        number = 2 + int.from_bytes(digest[:4], "big") % (_LARGEST_ID - 1)
        while number in taken:
            number = number + 1 if number < _LARGEST_ID else 2
        taken.add(number)
        found[name] = number
    return found


class Catalogue:
    """One reader's feeds and categories under their Miniflux ids; read once a request."""

    def __init__(self, reader: Reader, feeds: list[EntryFeed]) -> None:
        self.reader = reader
        self.feeds = {feed_id(feed.seq): feed for feed in feeds}
        spellings: dict[str, list[EntryFeed]] = {}
        for feed in feeds:
            if feed.category:
                spellings.setdefault(feed.category.casefold(), []).append(feed)
        ids = category_ids(set(spellings))
        named = [
            Category(ids[key], min(f.category or "" for f in held), tuple(f.seq for f in held))
            for key, held in spellings.items()
        ]
        everything = (feed.seq for feed in feeds if not feed.category)
        self.categories = {c.id: c for c in [Category(ALL_CATEGORY_ID, None, tuple(everything)), *named]}
        self.category_of = {seq: c for c in self.categories.values() for seq in c.feed_seqs}

    def feed(self, miniflux_id: int) -> EntryFeed:
        """The reader's feed of this id; else MinifluxError 404, as Miniflux answers."""
        if miniflux_id not in self.feeds:
            raise MinifluxError(404, "resource not found")
        return self.feeds[miniflux_id]

    def feed_json(self, feed: EntryFeed) -> dict[str, Any]:
        """A feed as Miniflux's model.Feed has it (the fields apps read; no rules or options)."""
        number = feed_id(feed.seq)
        return {
            "id": number,
            "user_id": self.reader.seq,
            "feed_url": feed.url or "",
            "site_url": feed.site_url or "",
            "title": feed.title,
            "checked_at": feed.last_success_at or ZERO_TIME,
            "parsing_error_message": feed.last_error or "",
            "parsing_error_count": 1 if feed.last_error else 0,
            **UNUSED_FEED_FIELDS,
            "category": self.category_json(self.category_of[feed.seq]),
            "icon": {"feed_id": number, "icon_id": 0, "external_icon_id": ""},
        }

    def category_json(self, category: Category) -> dict[str, Any]:
        return {
            "id": category.id,
            "title": category.title,
            "user_id": self.reader.seq,
            "hide_globally": False,
        }

    def entry_json(self, entry: Entry) -> dict[str, Any]:
        """An entry as Miniflux's model.Entry has it: `published_at` is never null (the article's
        date when believed, else when it arrived), `content` is the bite as the feeds give it."""
        content = entry_content(entry)
        feed = self.feeds.get(feed_id(entry.feed_seq)) or EntryFeed(
            entry.feed_seq, entry.feed_title, entry.feed_url, entry.site_url, None, None, None
        )
        return {
            "id": entry.id,
            "user_id": self.reader.seq,
            "feed_id": feed_id(entry.feed_seq),
            "status": "read" if entry.read else "unread",
            "hash": entry.article_id,
            "title": entry.headline or "",
            "url": entry.url or "",
            "language": content.language or "",
            "published_at": entry.sort_time,
            "created_at": entry.added_at,
            "changed_at": entry.changed_at or entry.added_at,
            "content": content.html,
            "author": content.byline or "",
            "starred": entry.starred,
            "reading_time": math.ceil(content.words / WORDS_A_MINUTE),
            **UNUSED_ENTRY_FIELDS,
            "feed": self.feed_json(feed),
        }


def feed_id(seq: int) -> int:
    """The Miniflux id of a feed's seq (BY_HAND: the built-in source's id)."""
    return BY_HAND_FEED_ID if seq == BY_HAND else seq


def read_catalogue(state: ServerState, reader: Reader) -> Catalogue:
    return Catalogue(reader, state.store.entries(reader).feeds())


def path_id(value: str, what: str) -> int:
    """A path's id: a positive integer Go's int64 holds, else a 400 `invalid <what> ID`."""
    if not re.fullmatch(r"\+?\d{1,19}", value) or not 0 < int(value) <= _INT64:
        raise MinifluxError(400, f"invalid {what} ID")
    return int(value)


def query_int(params: QueryParams, name: str, default: int) -> int:
    """A query's integer as Miniflux reads it: missing, malformed or negative is the default."""
    value = params.get(name, "")
    if not re.fullmatch(r"[+-]?\d{1,19}", value) or not 0 <= int(value) <= _INT64:
        return default
    return int(value)


def query_bool(params: QueryParams, name: str) -> bool | None:
    """A query's boolean as Go's ParseBool reads it; None when missing or unreadable."""
    value = params.get(name, "")
    if value in ("1", "t", "T", "true", "TRUE", "True"):
        return True
    if value in ("0", "f", "F", "false", "FALSE", "False"):
        return False
    return None


def query_stamps(params: QueryParams, *names: str) -> list[str]:
    """The UTC stamps of these unix-second parameters, the ones given above 0."""
    seconds = [query_int(params, name, 0) for name in names]
    return [utc_stamp(datetime.fromtimestamp(min(s, _LAST_UNIX_SECOND), UTC)) for s in seconds if s > 0]


def entry_query(request: Request, catalogue: Catalogue, *, feed: int = 0, category: int = 0) -> EntryQuery:
    """The entries a listing's parameters pick (miniflux/v2 internal/api findEntries and
    configureFilters); a 400 with Miniflux's message for one it refuses."""
    params = request.query_params
    statuses = {value.strip() for value in params.getlist("status")} - {""}
    if statuses - {"read", "unread"}:
        raise MinifluxError(400, STATUS_MESSAGE)
    order = params.get("order") or "published_at"
    if order not in ORDERS:
        raise MinifluxError(400, ORDER_MESSAGE)
    direction = params.get("direction") or "asc"
    if direction not in ("asc", "desc"):
        raise MinifluxError(400, 'invalid direction, valid direction values are: "asc" or "desc"')
    limit = query_int(params, "limit", 100)
    if limit > MAX_ENTRIES:
        raise MinifluxError(400, f"limit value should be <= {MAX_ENTRIES}")
    feed, category = query_int(params, "feed_id", feed), query_int(params, "category_id", category)
    if feed and feed not in catalogue.feeds:
        raise MinifluxError(400, "invalid feed ID")
    if category and category not in catalogue.categories:
        raise MinifluxError(400, "invalid category ID")
    before = query_stamps(params, "before", "published_before")
    after = query_stamps(params, "after", "published_after")
    return EntryQuery(
        feed=catalogue.feeds[feed].seq if feed else None,
        feeds=catalogue.categories[category].feed_seqs if category else None,
        read=None if len(statuses) != 1 else statuses == {"read"},
        starred=query_bool(params, "starred"),
        published_before=min(before) if before else None,
        published_after=max(after) if after else None,
        before_entry=query_int(params, "before_entry_id", 0) or None,
        after_entry=query_int(params, "after_entry_id", 0) or None,
        newest_first=direction == "desc",
        by_published=order not in BY_ARRIVAL,
        by_id=order == "id",
        limit=limit or MAX_ENTRIES,
        offset=query_int(params, "offset", 0),
    )


async def json_body(request: Request) -> dict[str, Any]:
    """The request's body as a JSON object, whatever its Content-Type says; else a 400."""
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        raise MinifluxError(400, "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise MinifluxError(400, "the request body must be a JSON object")
    return body


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def listing(state: ServerState, catalogue: Catalogue, query: EntryQuery) -> JSONResponse:
    """Miniflux's entriesResponse: `total` counts every entry the query picks, past the page."""
    entries = state.store.entries(catalogue.reader)
    page = entries.page(query, with_documents=True)
    return JSONResponse({"total": entries.count(query), "entries": [catalogue.entry_json(e) for e in page]})


# Routes: `/v1/feeds/counters` before `/v1/feeds/{number}`, which would take "counters" for an id.


@router.get("/v1/me")
async def me(reader: App) -> JSONResponse:
    return JSONResponse({"id": reader.seq, "username": reader.name, "is_admin": reader.owner, **PREFERENCES})


@router.get("/v1/categories")
async def categories(request: Request, state: State, reader: App) -> JSONResponse:
    """The reader's categories by title, "All" among them; `counts=true` adds each one's feeds
    and unread entries."""
    catalogue = read_catalogue(state, reader)
    counted = query_bool(request.query_params, "counts")
    unread = await run_in_threadpool(state.store.entries(reader).unread_counts) if counted else {}
    found = []
    for category in sorted(catalogue.categories.values(), key=lambda c: (c.title.casefold(), c.id)):
        shown = catalogue.category_json(category)
        if counted:
            shown["feed_count"] = len(category.feed_seqs)
            shown["total_unread"] = sum(unread.get(seq, (0, ""))[0] for seq in category.feed_seqs)
        found.append(shown)
    return JSONResponse(found)


@router.get("/v1/categories/{number}/entries")
async def category_entries(request: Request, state: State, reader: App, number: str) -> JSONResponse:
    catalogue = read_catalogue(state, reader)
    return listing(state, catalogue, entry_query(request, catalogue, category=path_id(number, "category")))


@router.get("/v1/feeds")
async def feeds(state: State, reader: App) -> JSONResponse:
    catalogue = read_catalogue(state, reader)
    return JSONResponse([catalogue.feed_json(feed) for feed in catalogue.feeds.values()])


@router.get("/v1/feeds/counters")
async def counters(state: State, reader: App) -> JSONResponse:
    """Miniflux's FeedCounters: read and unread entries by feed id (a string, as Go writes a map's
    keys), the feeds with none left out."""
    # In a thread: counting is kept, but a first count reads every entry (store/entries.py).
    counted = await run_in_threadpool(state.store.entries(reader).counts)
    reads = {str(feed_id(seq)): kept.read for seq, kept in counted.items() if kept.read}
    unreads = {str(feed_id(seq)): kept.unread for seq, kept in counted.items() if kept.unread}
    return JSONResponse({"reads": reads, "unreads": unreads})


@router.get("/v1/feeds/{number}")
async def one_feed(state: State, reader: App, number: str) -> JSONResponse:
    catalogue = read_catalogue(state, reader)
    return JSONResponse(catalogue.feed_json(catalogue.feed(path_id(number, "feed"))))


@router.post("/v1/feeds")
async def create_feed(request: Request, state: State, reader: App, tasks: BackgroundTasks) -> JSONResponse:
    """Follow the feed a URL is or advertises, in the category `category_id` (0: "All"); 201 with
    its id. A feed no one had is fetched after the answer, as the subscriptions page does."""
    body = await json_body(request)
    url, category = body.get("feed_url"), body.get("category_id", 0)
    if not isinstance(url, str) or not url.strip() or not is_int(category) or category < 0:
        raise MinifluxError(400, "The URL and the category are mandatory.")
    url = url.strip()
    if len(url) > 2_000 or not is_url(url):
        raise MinifluxError(400, "Invalid feed URL.")
    catalogue = read_catalogue(state, reader)
    chosen = catalogue.categories.get(category or ALL_CATEGORY_ID)
    if chosen is None:
        raise MinifluxError(400, "This category does not exist or does not belong to this user.")
    followed_before = {kept.url for kept in catalogue.feeds.values()}
    if url in followed_before:
        raise MinifluxError(400, "This feed already exists.")
    try:
        followed = await run_in_threadpool(
            follow_url, state.store, reader, url, utc_stamp(), state.fetcher, category=chosen.name
        )
    except StoreError:
        raise
    except NewsBiteError as error:
        raise MinifluxError(400, str(error)) from None
    # Told from the feeds followed before, not from `followed.added`: PostgreSQL gives no count of
    # the rows an INSERT ... ON CONFLICT DO NOTHING made, so `added` is False there.
    if followed.feed_url in followed_before:
        raise MinifluxError(400, "This feed already exists.")
    if followed.new_feed:
        tasks.add_task(state.poll_new_feed, followed.feed_url)
    seqs = [kept.seq for kept in state.store.entries(reader).feeds() if kept.url == followed.feed_url]
    return JSONResponse({"feed_id": seqs[0] if seqs else 0}, status_code=201)  # 0: unfollowed since


@router.delete("/v1/feeds/{number}")
async def remove_feed(state: State, reader: App, number: str) -> Response:
    """Unfollow a feed (204); the built-in source cannot be removed (400)."""
    removed = read_catalogue(state, reader).feed(path_id(number, "feed"))
    if removed.url is None:
        raise MinifluxError(400, f'"{removed.title}" is built in and cannot be removed')
    state.store.subscriptions(reader).unfollow(removed.url)
    return Response(status_code=204)


@router.get("/v1/feeds/{number}/entries")
async def feed_entries(request: Request, state: State, reader: App, number: str) -> JSONResponse:
    """A feed's entries; another reader's feed is a 400 `invalid feed ID`, as in Miniflux."""
    catalogue = read_catalogue(state, reader)
    return listing(state, catalogue, entry_query(request, catalogue, feed=path_id(number, "feed")))


@router.put("/v1/feeds/{number}/mark-all-as-read")
async def mark_feed_read(state: State, reader: App, number: str) -> Response:
    """Read every entry of a feed, and so every copy of their items in every feed."""
    seq = read_catalogue(state, reader).feed(path_id(number, "feed")).seq
    items = state.store.entries(reader).items(EntryQuery(feed=seq))
    state.store.states(reader).change_items(items, utc_stamp(), read=True)
    return Response(status_code=204)


@router.get("/v1/entries")
async def entries(request: Request, state: State, reader: App) -> JSONResponse:
    catalogue = read_catalogue(state, reader)
    return listing(state, catalogue, entry_query(request, catalogue))


@router.get("/v1/entries/{number}")
async def one_entry(state: State, reader: App, number: str) -> JSONResponse:
    found = state.store.entries(reader).by_ids([path_id(number, "entry")], with_documents=True)
    if not found:
        raise MinifluxError(404, "resource not found")
    return JSONResponse(read_catalogue(state, reader).entry_json(found[0]))


@router.put("/v1/entries")
async def change_entries(request: Request, state: State, reader: App) -> Response:
    """Set entries read or unread and/or starred (`entry_ids`, `status`, `starred`), and with them
    every copy of their items; ids that are not the reader's entries are passed over. 204."""
    body = await json_body(request)
    ids, status, starred = body.get("entry_ids"), body.get("status") or None, body.get("starred")
    if not isinstance(ids, list) or not all(is_int(i) and abs(i) <= _INT64 for i in ids):
        raise MinifluxError(400, "entry_ids must be a list of entry IDs")
    if len(ids) > MAX_CHANGED:
        raise MinifluxError(400, f"at most {MAX_CHANGED:,} entries at once")
    if status is None and starred is None:
        raise MinifluxError(400, "either the status or the starred field must be specified")
    if status is not None and status not in ("read", "unread"):
        raise MinifluxError(400, STATUS_MESSAGE)
    if starred is not None and not isinstance(starred, bool):
        raise MinifluxError(400, "starred must be true or false")
    if ids:
        seqs = [found.article_seq for found in state.store.entries(reader).by_ids(ids)]
        read = None if status is None else status == "read"
        state.store.states(reader).change(seqs, utc_stamp(), read=read, starred=starred)
    return Response(status_code=204)


@router.put("/v1/entries/{number}/bookmark")
@router.put("/v1/entries/{number}/star")
async def toggle_star(state: State, reader: App, number: str) -> Response:
    """Star an entry that is not starred, unstar one that is (its item's every copy with it)."""
    found = state.store.entries(reader).by_ids([path_id(number, "entry")])
    if not found:
        raise MinifluxError(404, "resource not found")
    state.store.states(reader).change([found[0].article_seq], utc_stamp(), starred=not found[0].starred)
    return Response(status_code=204)
