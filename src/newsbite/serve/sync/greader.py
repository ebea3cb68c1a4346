"""The Google Reader API, as FreshRSS, Miniflux and FeedHQ serve it, for the apps that speak it
(docs/apps.md): ClientLogin, subscriptions, labels, unread counts, streams as JSON and as Atom
(newsboat's FeedHQ backend), and read and starred state by `edit-tag` and `mark-all-as-read`.

An entry is an article in a feed the reader follows (store/entries.py): its long item id is
`tag:google.com,2005:reader/item/` and the entry id in 16 hex digits, its short one the id in
decimal. Every entry of one dispatch shares one state, so an app that reads one copy finds them
all read. Feeds are `feed/<number>` (what the apps send back unescaped in form bodies), and a
followed feed's `feed/<url>` is taken too. The built-in source "Added by hand" is `feed/0`,
listed as a subscription only while it holds entries: every reader's reading list has them, and
an app that fetches feed by feed (newsboat) would otherwise never show them, nor count them.

Streams are listed by arrival, newest first (`r=o`: oldest first); a full page carries where its
last entry is in that order (`<article>.<feed>`) as `continuation`, and `c=` goes on after it, so
entries that arrive meanwhile neither repeat nor push out any of the next page, as an offset would
(the last page may come back empty).
`ot` and `nt` bound the article's time (its published time where believable, else its arrival),
as Miniflux does: FreshRSS compares its crawl time, but the store bounds arrival from above only.
`it` narrows to another stream, `xt` excludes a state (read, starred).

Every /reader/ request carries `Authorization: GoogleLogin auth=...`, and a POST the `T` token
besides (serve/sync/credentials.py). Refusals and bad input answer in plain text, as the apps
expect: 401 `Unauthorized`, 400 naming what was wrong, 404 for a feed the reader does not follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import unquote

import orjson
from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import FormData, ImmutableMultiDict

from newsbite.errors import NewsBiteError
from newsbite.following import Followed, follow_url
from newsbite.ingest.web import is_url
from newsbite.serve.state import ServerState, server_state
from newsbite.serve.sync.credentials import app_credentials
from newsbite.serve.sync.greader_atom import (
    ITEM_PREFIX,
    LABEL,
    READING_LIST,
    STATE,
    atom_feed,
    item_json,
    seconds,
)
from newsbite.store import Reader, StoreError, utc_stamp
from newsbite.store.entries import BY_HAND, MAX_ENTRIES, Entry, EntryFeed, EntryQuery, Position
from newsbite.store.subscriptions import Subscription

API = "/reader/api/0"
DEFAULT_COUNT = 20  # Google Reader's `n` when none is given
# The state streams NewsBite keeps, by name: title, and which entries.
STATE_STREAMS: dict[str, tuple[str, dict[str, bool]]] = {
    "reading-list": ("Reading list", {}),
    "starred": ("Starred", {"starred": True}),
    "read": ("Read", {"read": True}),
    "kept-unread": ("Kept unread", {"read": False}),
}
# Google's sharing streams: known, and always empty here.
EMPTY_STREAMS = frozenset({"broadcast", "broadcast-friends", "like"})
# What `edit-tag` does for each tag added (a=) or removed (r=); any other tag is ignored.
TAG_CHANGES: dict[tuple[str, str], dict[str, bool]] = {
    ("a", "read"): {"read": True},
    ("r", "read"): {"read": False},
    ("a", "kept-unread"): {"read": False},
    ("r", "kept-unread"): {"read": True},
    ("a", "starred"): {"starred": True},
    ("r", "starred"): {"starred": False},
}
_USER_STREAM = re.compile(r"user/([^/]+)/(state/com\.google|label)/(.+)", re.DOTALL)


class Refusal(Exception):
    """A request answered in plain text (401 `Unauthorized`, 400 or 404 naming the problem), as
    the apps of this API expect, rather than in the server's JSON error shape."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class _PlainRefusals(APIRoute):
    """Turns a Refusal raised by a route or its dependencies into its plain-text answer."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except Refusal as refusal:
                return PlainTextResponse(refusal.message, refusal.status, headers=refusal.headers)

        return answer


router = APIRouter(include_in_schema=False, route_class=_PlainRefusals)
State = Annotated[ServerState, Depends(server_state)]


async def signed_in(request: Request) -> Reader:
    """The reader an app's `GoogleLogin auth=` is for; a POST must carry their `T` token too."""
    scheme, _, rest = request.headers.get("authorization", "").strip().partition(" ")
    key, _, auth = rest.strip().partition("=")
    if scheme.lower() != "googlelogin" or key.strip().lower() != "auth" or not auth.strip():
        raise Refusal(401, "Unauthorized")
    credentials = app_credentials(request)
    reader = credentials.by_google_auth(request, auth)
    if reader is None:
        raise Refusal(401, "Unauthorized")
    if request.method == "POST":
        token = (await request.form()).get("T")
        # Stripped: FreshRSS's token ends in a newline, which apps send back with it.
        if not isinstance(token, str) or not credentials.action_token_matches(reader, token.strip()):
            raise Refusal(401, "Unauthorized", {"X-Reader-Google-Bad-Token": "true"})
    return reader


Signed = Annotated[Reader, Depends(signed_in)]


@router.api_route("/accounts/ClientLogin", methods=["GET", "POST"])
async def client_login(request: Request) -> Response:
    """`Auth=` for a user's name and API password (Email, Passwd), as a form or in the query."""
    given = dict(request.query_params)
    if request.method == "POST":
        given.update(_text_fields(await request.form()))
    name, password = given.get("Email", "").strip(), given.get("Passwd", "")
    if not name or not password:
        raise Refusal(400, "ClientLogin needs Email (the user's name) and Passwd (their API password)")
    credentials = app_credentials(request)
    reader = await run_in_threadpool(credentials.by_password, request, name, password)
    if reader is None:
        raise Refusal(401, "Unauthorized")
    auth = credentials.google_auth(reader)
    if given.get("output") == "json":
        return json_answer({"SID": auth, "LSID": auth, "Auth": auth})
    return PlainTextResponse(f"SID={auth}\nLSID={auth}\nAuth={auth}\n")


@router.get(f"{API}/token")
async def action_token(request: Request, reader: Signed) -> Response:
    # No newline after it: newsboat sends the body back as T just as it came.
    return PlainTextResponse(app_credentials(request).action_token(reader))


@router.get(f"{API}/user-info")
async def user_info(reader: Signed) -> Response:
    seq = str(reader.seq)
    return json_answer({"userId": seq, "userName": reader.name, "userProfileId": seq, "userEmail": ""})


@router.get(f"{API}/subscription/list")
async def subscription_list(state: State, reader: Signed) -> Response:
    return json_answer({"subscriptions": [_subscription(feed) for feed in _listed_feeds(state, reader)]})


@router.get(f"{API}/tag/list")
async def tag_list(state: State, reader: Signed) -> Response:
    categories = sorted({feed.category for feed in state.store.entries(reader).feeds() if feed.category})
    labels = [{"id": LABEL + name, "label": name, "type": "folder"} for name in categories]
    return json_answer({"tags": [{"id": STATE + "starred"}, *labels]})


@router.get(f"{API}/unread-count")
async def unread_count(state: State, reader: Signed) -> Response:
    """Unread entries by feed (those with any), by label, and in all: entries, so an article in
    two followed feeds counts in each, as the apps count what they list."""
    entries = state.store.entries(reader)
    # In a thread: counting is kept, but a first count reads every entry (store/entries.py).
    counts = await run_in_threadpool(entries.unread_counts)
    by_label: dict[str, tuple[int, str]] = {}
    listed = []
    for feed in entries.feeds():
        if feed.seq not in counts:
            continue
        count, newest = counts[feed.seq]
        listed.append(_unread(f"feed/{feed.seq}", count, newest))
        if feed.category:
            before, latest = by_label.get(feed.category, (0, newest))
            by_label[feed.category] = (before + count, max(latest, newest))
    listed += [_unread(LABEL + name, count, newest) for name, (count, newest) in sorted(by_label.items())]
    total = sum(count for count, _ in counts.values())
    newest_of_all = max((newest for _, newest in counts.values()), default=None)
    listed.append(_unread(READING_LIST, total, newest_of_all))
    return json_answer({"max": total, "unreadcounts": listed})


@router.get(f"{API}/stream/contents/{{stream:path}}")
async def stream_contents(request: Request, state: State, reader: Signed, stream: str) -> Response:
    """A stream's entries, whole, with a continuation when the page is full."""
    return _contents(request, state, reader, stream)


@router.get(f"{API}/stream/contents")
async def stream_contents_by_query(request: Request, state: State, reader: Signed) -> Response:
    """The stream `s=` names (BazQux, FreshRSS), else the reading list (EasyRSS, FeedMe)."""
    return _contents(request, state, reader, _one(request.query_params, "s", READING_LIST))


def _contents(request: Request, state: ServerState, reader: Reader, stream_id: str) -> Response:
    stream, found, continuation = _page(request, state, reader, stream_id, with_documents=True)
    body: dict[str, Any] = {
        "direction": "ltr",
        "id": stream.id,
        "title": stream.title,
        "updated": seconds(utc_stamp()),
        "items": [item_json(entry) for entry in found],
    }
    if continuation:
        body["continuation"] = continuation
    return json_answer(body)


@router.get(f"{API}/stream/items/ids")
async def stream_item_ids(request: Request, state: State, reader: Signed) -> Response:
    """The ids of a stream's entries (`s=`), in decimal, with a continuation when the page is full."""
    stream_id = _one(request.query_params, "s", "")
    _, found, continuation = _page(request, state, reader, stream_id, with_documents=False)
    refs = [{"id": str(entry.id), "timestampUsec": str(seconds(entry.added_at) * 10**6)} for entry in found]
    body: dict[str, Any] = {"itemRefs": refs}
    if continuation:
        body["continuation"] = continuation
    return json_answer(body)


@router.post(f"{API}/stream/items/contents")
async def stream_item_contents(request: Request, state: State, reader: Signed) -> Response:
    """The entries asked for (`i=`, long or short ids), in the order asked; one that is not the
    reader's is left out."""
    ids = _item_ids(await request.form())
    found = state.store.entries(reader).by_ids(ids, with_documents=True)
    return json_answer(
        {"id": READING_LIST, "updated": seconds(utc_stamp()), "items": [item_json(entry) for entry in found]}
    )


@router.post(f"{API}/edit-tag")
async def edit_tag(request: Request, state: State, reader: Signed) -> Response:
    """Read, unread, star or unstar the items of the entries `i=` names, by the tags added (`a=`)
    and removed (`r=`), in the order sent; other tags are ignored, and so are entries that are not
    the reader's."""
    form = await request.form()
    ids = _item_ids(form)
    change: dict[str, bool] = {}
    for key, value in form.multi_items():
        if key in ("a", "r") and isinstance(value, str):
            name = _state_name(reader, value.strip())
            change.update(TAG_CHANGES.get((key, name or ""), {}))
    found = state.store.entries(reader).by_ids(ids)
    if change and found:
        states = state.store.states(reader)
        await run_in_threadpool(states.change, [entry.article_seq for entry in found], utc_stamp(), **change)
    return PlainTextResponse("OK")


@router.post(f"{API}/mark-all-as-read")
async def mark_all_as_read(request: Request, state: State, reader: Signed) -> Response:
    """Read every entry of the stream `s=` that had arrived by `ts=` (seconds, or ms, µs or ns by
    its digits), else all of it."""
    form = await request.form()
    chosen = _stream(state, reader, _one(form, "s", ""))
    older_than = _one(form, "ts", "")
    arrived_by = _stamp(older_than, "ts", _timestamp_seconds) if older_than else None
    if chosen.query is not None:
        entries, states = state.store.entries(reader), state.store.states(reader)
        items = entries.items(replace(chosen.query, arrived_before=arrived_by))
        await run_in_threadpool(states.change_items, items, utc_stamp(), read=True)
    return PlainTextResponse("OK")


@router.post(f"{API}/subscription/edit")
async def edit_subscription(
    request: Request, state: State, reader: Signed, tasks: BackgroundTasks
) -> Response:
    """Subscribe to feeds by URL (`s=feed/<url>`), unsubscribe, or rename (`t=`) and move them to a
    label (`a=`) or out of one (`r=`)."""
    form = await request.form()
    action, streams, titles = _one(form, "ac", ""), _texts(form, "s"), _texts(form, "t")
    if action not in ("subscribe", "unsubscribe", "edit"):
        raise Refusal(400, f"ac={action!r}: subscribe, unsubscribe or edit")
    if not streams:
        raise Refusal(400, "s= names no feed")
    added, removed = _label(reader, _one(form, "a", ""), "a"), _label(reader, _one(form, "r", ""), "r")
    subscriptions = state.store.subscriptions(reader)
    for index, stream_id in enumerate(streams):
        title = titles[index] if index < len(titles) else ""  # FreshRSS pairs each s= with its t=
        if action == "subscribe":
            kept = await _subscribe(state, reader, stream_id, tasks, added)
        else:
            kept = _followed(state, reader, stream_id)
        if action == "unsubscribe":
            await run_in_threadpool(subscriptions.unfollow, kept.feed.url)
        elif title or added or removed:
            category = added or (None if kept.category == removed else kept.category)
            await run_in_threadpool(
                subscriptions.change, kept.feed.url, title=title or kept.title, category=category
            )
    return PlainTextResponse("OK")


@router.post(f"{API}/subscription/quickadd")
async def quickadd(request: Request, state: State, reader: Signed, tasks: BackgroundTasks) -> Response:
    """Follow the feed a URL is or advertises; one that cannot be followed answers FreshRSS's
    `numResults: 0` with the reason."""
    url = _one(await request.form(), "quickadd", "").strip().removeprefix("feed/")
    if not is_url(url):
        raise Refusal(400, f"quickadd={url!r}: not an http(s) address")
    try:
        followed = await _follow(state, reader, url, tasks, None)
    except Refusal as refusal:
        return json_answer({"numResults": 0, "query": url, "error": refusal.message})
    kept = _by_url(state, reader, followed.feed_url)
    if kept is None:  # unfollowed meanwhile, from another app
        return json_answer({"numResults": 0, "query": url, "error": "no longer followed"})
    return json_answer(
        {
            "numResults": 1,
            "query": followed.feed_url,
            "streamId": f"feed/{kept.feed_seq}",
            "streamName": kept.shown_title,
        }
    )


@router.get("/reader/atom/{stream:path}")
async def atom_stream(request: Request, state: State, reader: Signed, stream: str) -> Response:
    """A stream as Atom, newest `n` first, each entry's state in its Google Reader categories.
    No ETag nor Last-Modified: a client's cached copy would miss state changed since."""
    chosen, found, _ = _page(request, state, reader, stream, with_documents=True)
    document = atom_feed(
        stream_id=chosen.id,
        title=chosen.title,
        self_url=str(request.url),
        site_url=chosen.site_url,
        entries=found,
    )
    return Response(
        document, media_type="application/atom+xml; charset=utf-8", headers={"Cache-Control": "no-cache"}
    )


# Streams


@dataclass(frozen=True)
class Stream:
    """A stream as one reader has it: which of their entries it holds."""

    id: str  # as the API names it back: feed/<number>, user/-/...
    title: str
    query: EntryQuery | None  # None: a stream that holds nothing here
    site_url: str | None = None


def json_answer(body: Any) -> Response:
    """A JSON answer, written by orjson: a page of 50 entries took 0.6 ms in the standard json."""
    return Response(orjson.dumps(body), media_type="application/json")


def _stream(state: ServerState, reader: Reader, given: str) -> Stream:
    """The stream an id names, for this reader; Refusal 400 for one that is not a stream, 404 for
    a feed they do not follow. An id still escaped as a whole (`feed%2F1`) is unescaped once."""
    stream_id = given.strip()
    if not stream_id:
        raise Refusal(400, "s= names no stream")
    if "/" not in stream_id:
        stream_id = unquote(stream_id)
    if stream_id.startswith("feed/"):
        return _feed_stream(state, reader, stream_id.removeprefix("feed/"))
    found = _USER_STREAM.fullmatch(stream_id)
    if found and found.group(1) in ("-", str(reader.seq)):
        name = found.group(3)
        if found.group(2) == "label":
            return Stream(LABEL + name, name, EntryQuery(category=name))
        if name in STATE_STREAMS:
            title, chosen = STATE_STREAMS[name]
            return Stream(STATE + name, title, EntryQuery(**chosen))
        if name in EMPTY_STREAMS:
            return Stream(STATE + name, name, None)
    raise Refusal(400, f"{given!r}: not a stream (feed/<number>, {READING_LIST}, {LABEL}<label>...)")


def _feed_stream(state: ServerState, reader: Reader, feed: str) -> Stream:
    for kept in state.store.entries(reader).feeds():
        if kept.seq == _number(feed) or (kept.url is not None and kept.url == feed):
            return Stream(f"feed/{kept.seq}", kept.title, EntryQuery(feed=kept.seq), kept.site_url)
    raise Refusal(404, f"feed/{feed}: not among the reader's subscriptions")


def _page(
    request: Request, state: ServerState, reader: Reader, stream_id: str, *, with_documents: bool
) -> tuple[Stream, list[Entry], str | None]:
    """The stream an id names, the page of its entries the query asks for, and the continuation
    to the next page when this one is full (the last id in it)."""
    stream = _stream(state, reader, stream_id)
    query = _listing(state, reader, stream, request.query_params)
    if query is None:
        return stream, [], None
    found = state.store.entries(reader).page(query, with_documents=with_documents)
    last = found[-1].position if len(found) == query.limit else None
    return stream, found, f"{last[0]}.{last[1]}" if last else None


def _listing(
    state: ServerState, reader: Reader, stream: Stream, params: ImmutableMultiDict[str, Any]
) -> EntryQuery | None:
    """The stream's page that the parameters ask for (n, r, c, ot, nt, xt, it); None when they
    leave nothing (`xt` of the stream's own state)."""
    query = stream.query
    for given in _texts(params, "it"):
        query = _narrowed(query, _stream(state, reader, given).query)
    for given in _texts(params, "xt"):
        query = _narrowed(query, _excluded(reader, given))
    if query is None:
        return None
    order = _one(params, "r", "d")
    if order not in ("d", "n", "o"):
        raise Refusal(400, f"r={order!r}: d (newest first) or o (oldest first)")
    oldest_first = order == "o"
    continuation = _continuation(_one(params, "c", ""))
    newer, older = _one(params, "ot", ""), _one(params, "nt", "")
    return replace(
        query,
        limit=_count(_one(params, "n", "")),
        newest_first=not oldest_first,
        before=None if oldest_first else continuation,
        after=continuation if oldest_first else None,
        published_after=_stamp(newer, "ot", int) if newer else None,
        published_before=_stamp(older, "nt", int) if older else None,
    )


def _narrowed(query: EntryQuery | None, other: EntryQuery | None) -> EntryQuery | None:
    """The entries both pick (None: none), for the conditions a stream sets."""
    if query is None or other is None:
        return None
    narrowed = {}
    for name in ("feed", "category", "read", "starred"):
        mine, theirs = getattr(query, name), getattr(other, name)
        if mine is not None and theirs is not None and mine != theirs:
            return None
        narrowed[name] = mine if mine is not None else theirs
    return replace(query, **narrowed)


def _excluded(reader: Reader, given: str) -> EntryQuery | None:
    """The entries left by excluding a state (`xt`): None when it is every entry."""
    name = _state_name(reader, given.strip())
    if name == "reading-list":
        return None
    if name in STATE_STREAMS:
        return EntryQuery(**{key: not value for key, value in STATE_STREAMS[name][1].items()})
    raise Refusal(400, f"xt={given!r}: only a state can be excluded ({STATE}read, {STATE}starred)")


def _state_name(reader: Reader, tag: str) -> str | None:
    """`read` of `user/-/state/com.google/read` (or the reader's own number for `-`), else None."""
    found = _USER_STREAM.fullmatch(tag)
    if found and found.group(1) in ("-", str(reader.seq)) and found.group(2) != "label":
        return found.group(3)
    return None


def _label(reader: Reader, tag: str, name: str) -> str | None:
    if not tag.strip():
        return None
    found = _USER_STREAM.fullmatch(tag.strip())
    if found and found.group(1) in ("-", str(reader.seq)) and found.group(2) == "label":
        return found.group(3)
    raise Refusal(400, f"{name}={tag!r}: not a label ({LABEL}<name>)")


# Subscriptions


def _listed_feeds(state: ServerState, reader: Reader) -> list[EntryFeed]:
    entries = state.store.entries(reader)
    feeds = entries.feeds()
    by_hand_used = bool(entries.page(EntryQuery(feed=BY_HAND, limit=1)))
    return [feed for feed in feeds if feed.seq != BY_HAND or by_hand_used]


def _subscription(feed: EntryFeed) -> dict[str, Any]:
    # newsboat 2.21 reads id and title alone, and needs both as strings.
    labels = (
        [{"id": LABEL + feed.category, "label": feed.category, "type": "folder"}] if feed.category else []
    )
    return {
        "id": f"feed/{feed.seq}",
        "title": feed.title,
        "categories": labels,
        "url": feed.url or "",
        "htmlUrl": feed.site_url or "",
        "iconUrl": "",
    }


def _followed(state: ServerState, reader: Reader, stream_id: str) -> Subscription:
    """The reader's subscription a feed stream names; Refusal otherwise."""
    if not stream_id.startswith("feed/"):
        raise Refusal(400, f"s={stream_id!r}: not a feed (feed/<number> or feed/<url>)")
    feed = stream_id.removeprefix("feed/")
    number = _number(feed)
    if number == BY_HAND:
        raise Refusal(400, "feed/0 is the built-in source Added by hand: it cannot be changed")
    subscriptions = state.store.subscriptions(reader)
    kept = _by_url(state, reader, feed) if number is None else subscriptions.get(number)
    if kept is None:
        raise Refusal(404, f"{stream_id}: not among the reader's subscriptions")
    return kept


async def _subscribe(
    state: ServerState, reader: Reader, stream_id: str, tasks: BackgroundTasks, category: str | None
) -> Subscription:
    """The reader's subscription to the feed `s=feed/<url>` names, followed now if it was not.
    A feed is subscribed to by its address: its number would tell whether anyone follows it."""
    feed = stream_id.removeprefix("feed/")
    if _number(feed) is not None:
        return _followed(state, reader, stream_id)
    if not is_url(feed):
        raise Refusal(400, f"s={stream_id!r}: not a feed/<url> with an http(s) address")
    kept = _by_url(state, reader, feed)
    if kept is None:  # not followed yet: found and checked through the fetcher
        followed = await _follow(state, reader, feed, tasks, category)
        kept = _by_url(state, reader, followed.feed_url)
    if kept is None:
        raise Refusal(404, f"{stream_id}: unfollowed meanwhile")
    return kept


async def _follow(
    state: ServerState, reader: Reader, url: str, tasks: BackgroundTasks, category: str | None
) -> Followed:
    """Follow as the subscriptions page does: through the safe fetcher, a new feed polled after
    the answer. Refusal 400 with the reason when it cannot be followed."""
    try:
        followed = await run_in_threadpool(
            follow_url, state.store, reader, url, utc_stamp(), state.fetcher, category=category
        )
    except StoreError:
        raise
    except NewsBiteError as error:
        raise Refusal(400, f"{url}: not followed: {error}") from None
    if followed.new_feed:
        tasks.add_task(state.poll_new_feed, followed.feed_url)
    return followed


def _by_url(state: ServerState, reader: Reader, url: str) -> Subscription | None:
    return next((kept for kept in state.store.subscriptions(reader).all() if kept.feed.url == url), None)


# Item ids and counts


def parse_item_id(given: str) -> int:
    """An entry id from its long form (hex, padded or not), bare 16 hex digits (Reeder) or
    decimal (the short form), as Miniflux reads them; Refusal 400 otherwise."""
    text = given.strip()
    digits, base = text, 10
    if text.startswith(ITEM_PREFIX):
        digits, base = text.removeprefix(ITEM_PREFIX), 16
    elif len(text) == 16 and re.fullmatch(r"[0-9a-fA-F]{16}", text):
        base = 16
    if base == 16 and re.fullmatch(r"[0-9a-fA-F]{1,16}", digits):
        value = int(digits, 16)
    else:
        value = (_number(digits) or 0) if base == 10 else 0
    if not 0 < value < 2**63:
        raise Refusal(400, f"i={given!r}: not an item id ({ITEM_PREFIX}<16 hex digits>, or decimal)")
    return value


def _item_ids(form: FormData) -> list[int]:
    given = _texts(form, "i")
    if not given:
        raise Refusal(400, "i= names no item")
    if len(given) > MAX_ENTRIES:
        raise Refusal(400, f"{len(given):,} items: at most {MAX_ENTRIES:,} a request")
    return [parse_item_id(value) for value in given]


def _unread(stream_id: str, count: int, newest: str | None) -> dict[str, Any]:
    usec = seconds(newest) * 1_000_000 if newest else 0
    return {"id": stream_id, "count": count, "newestItemTimestampUsec": str(usec)}


# Parameters


def _texts(values: ImmutableMultiDict[str, Any], name: str) -> list[str]:
    """The text values given for one name, stripped, in order."""
    return [value.strip() for value in values.getlist(name) if isinstance(value, str)]


def _text_fields(form: FormData) -> dict[str, str]:
    """The text fields of a form, the last value of each."""
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


def _one(values: ImmutableMultiDict[str, Any], name: str, default: str) -> str:
    given = _texts(values, name)
    if len(given) > 1:
        raise Refusal(400, f"{name}= given {len(given)} times: once a request")
    return given[0] if given else default


def _count(given: str) -> int:
    """`n`: DEFAULT_COUNT when not given, at most MAX_ENTRIES (apps ask 10,000 and follow on)."""
    if not given:
        return DEFAULT_COUNT
    if not _is_number(given) or not given.strip("0"):
        raise Refusal(400, f"n={given!r}: a number of items, 1 or more")
    return min(_number(given) or MAX_ENTRIES, MAX_ENTRIES)


def _continuation(given: str) -> Position | None:
    """`c`: where in arrival order a page ended (its article's and feed's numbers, as the page's
    `continuation` gave them), None when not given."""
    if not given:
        return None
    article, _, feed = given.partition(".")
    if not (article.isdigit() and feed.isdigit() and len(given) < 40):
        raise Refusal(400, f"c={given!r}: not a continuation this server gave")
    return int(article), int(feed)


def _timestamp_seconds(given: str) -> int:
    """`ts` in seconds, whether sent in seconds, ms, µs (FreshRSS, Miniflux) or ns, by its digits."""
    digits = len(given)
    scale = 10**9 if digits >= 19 else 10**6 if digits >= 16 else 10**3 if digits >= 13 else 1
    return int(given) // scale


def _stamp(given: str, name: str, to_seconds: Callable[[str], int]) -> str:
    """A unix time parameter as a store stamp; Refusal 400 for one that is not."""
    try:
        if not _is_number(given) or len(given) > 21:
            raise ValueError(given)
        return utc_stamp(datetime.fromtimestamp(to_seconds(given), UTC))
    except (ValueError, OverflowError, OSError):
        raise Refusal(400, f"{name}={given!r}: not a unix time") from None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _number(text: str) -> int | None:
    """The number that decimal digits give, when it fits an id (below 2**63); else None."""
    if not _is_number(text) or len(text) > 19 or int(text) >= 2**63:
        return None
    return int(text)
