"""A reader's subscriptions in the browser: follow a site's or a feed's URL (found as `feeds add`
finds it, through the same safe fetcher), rename, move to a category, unfollow; OPML import and
export; and a feed's own page with its health and its items.

A feed no one had is fetched at once, after the answer, through the same intake `watch` uses;
`watch` keeps polling it after that. Feeds are named in paths by their number, never their URL
(which may hold a key).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsbite.accounts import new_secret, secret_digest
from newsbite.errors import NewsBiteError
from newsbite.following import follow_listed, follow_url, subscriptions_opml
from newsbite.ingest.opml import read_opml
from newsbite.ingest.web import is_url
from newsbite.serve.errors import ApiError
from newsbite.serve.feeds import FEED_LABELS, PRIVATE_FORMATS, PRIVATE_VIEWS
from newsbite.serve.reader import PAGE_SIZE, Text, render_page
from newsbite.serve.sessions import Viewer, check_csrf
from newsbite.serve.state import ServerState, server_state
from newsbite.store import ArticleQuery, Reader, StoreError, utc_stamp
from newsbite.store.subscriptions import Subscription

router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(server_state)]
Token = Annotated[str | None, Form(max_length=200)]
Url = Annotated[str, Form(max_length=2_000)]
Name = Annotated[str, Form(max_length=200)]
# An OPML file of a few thousand feeds is well under this; beyond it, it is not a feed list.
OPML_BYTES = 2 * 1024 * 1024
# Feeds one import may follow: every feed added is polled by `watch` for everyone's server.
OPML_FEEDS = 1_000
URL_CHARACTERS = 2_000
NAME_CHARACTERS = 200
BY_HAND = "Added by hand"


@router.get("/subscriptions", response_class=HTMLResponse)
async def subscriptions_page(request: Request, state: State, viewer: Viewer) -> Response:
    return _listing(request, state, viewer)


@router.post("/subscriptions")
async def follow(
    request: Request,
    state: State,
    viewer: Viewer,
    tasks: BackgroundTasks,
    url: Url,
    category: Name = "",
    csrf: Token = None,
) -> Response:
    """Follow the feed a URL is or advertises; a feed no one had is fetched after the answer."""
    check_csrf(request, viewer, csrf)
    try:
        followed = await run_in_threadpool(
            follow_url,
            state.store,
            viewer,
            url,
            utc_stamp(),
            state.fetcher,
            category=category.strip() or None,
        )
    except StoreError:
        raise
    except NewsBiteError as error:
        return _listing(request, state, viewer, problem=f"Not followed: {error}", url=url, status=422)
    if followed.new_feed:
        tasks.add_task(state.poll_new_feed, followed.feed_url)
    subscription = _by_url(state, viewer, followed.feed_url)  # None: unfollowed meanwhile elsewhere
    return RedirectResponse(
        f"/subscriptions/{subscription.feed_seq}" if subscription else "/subscriptions", 303
    )


@router.post("/subscriptions/import")
async def import_opml(
    request: Request,
    state: State,
    viewer: Viewer,
    opml: Annotated[UploadFile, File()],
    csrf: Token = None,
) -> Response:
    """Follow every feed of an OPML file, in its folders (they are not fetched to check them)."""
    check_csrf(request, viewer, csrf)
    data = await opml.read(OPML_BYTES + 1)
    name = opml.filename or "the file"
    if len(data) > OPML_BYTES:
        problem = f"{name}: larger than {OPML_BYTES // (1024 * 1024)} MiB, not a feed list"
        return _listing(request, state, viewer, problem=problem, status=413)
    try:
        listed = read_opml(data, name)
    except NewsBiteError as error:
        return _listing(request, state, viewer, problem=f"Not imported: {error}", status=422)
    if len(listed) > OPML_FEEDS:
        problem = f"{name}: {len(listed):,} feeds, more than the {OPML_FEEDS:,} one import may follow"
        return _listing(request, state, viewer, problem=problem, status=413)
    # What a reader's file may add to everyone's feed list: web addresses, names of a sane length.
    usable = [
        replace(feed, title=_cut(feed.title), category=_cut(feed.category))
        for feed in listed
        if is_url(feed.url) and len(feed.url) <= URL_CHARACTERS
    ]
    added = await run_in_threadpool(follow_listed, state.store, viewer, usable, utc_stamp())
    notice = f"{added} feeds followed from {name}, {len(usable) - added} followed already."
    if len(usable) < len(listed):
        notice += f" {len(listed) - len(usable)} left out: not http(s) addresses."
    return _listing(request, state, viewer, notice=notice)


@router.post("/subscriptions/private-feeds")
async def new_private_feeds(request: Request, state: State, viewer: Viewer, csrf: Token = None) -> Response:
    """Make the reader's private feed addresses anew (shown this once: only a hash of their secret
    is kept); the addresses made before stop working."""
    check_csrf(request, viewer, csrf)
    now, readers = utc_stamp(), state.store.readers
    for token in readers.tokens(viewer, "feed"):
        if token.revoked_at is None:
            readers.revoke_token(viewer, token.seq, now)
    secret = new_secret()
    readers.add_token(viewer, "feed", secret_digest(secret), now, label="private feeds")
    base = str(request.base_url).rstrip("/") + f"/feeds/private/{secret}"
    addresses = {
        f"{view} ({FEED_LABELS[kind]})": f"{base}/{view}.{extension}"
        for view in PRIVATE_VIEWS
        for extension, kind in PRIVATE_FORMATS.items()
    }
    return _listing(request, state, viewer, addresses=addresses)


@router.get("/subscriptions.opml")
async def export_opml(state: State, viewer: Viewer) -> Response:
    return Response(
        subscriptions_opml(state.store, viewer, f"{viewer.name}'s NewsBite feeds"),
        media_type="text/x-opml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="newsbite-subscriptions.opml"'},
    )


@router.get("/subscriptions/by-hand", response_class=HTMLResponse)
async def by_hand_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    """The built-in source every reader sees: what came from no feed (files, the API, samples)."""
    query = ArticleQuery(by_hand=True, limit=PAGE_SIZE, cursor=cursor, copies=True, reader=viewer)
    return render_page(request, "by_hand.html", BY_HAND, {}, page=state.store.articles(query))


@router.get("/subscriptions/{feed_seq}", response_class=HTMLResponse)
async def feed_page(
    request: Request, state: State, viewer: Viewer, feed_seq: int, cursor: Text = None
) -> Response:
    """A followed feed: its health (last success, last error and why, next poll) and its items,
    newest first, each copy the feed carried as its own row."""
    subscription = _followed(state, viewer, feed_seq)
    query = ArticleQuery(feed=feed_seq, limit=PAGE_SIZE, cursor=cursor, copies=True, reader=viewer)
    page = state.store.articles(query)
    return render_page(
        request,
        "feed.html",
        subscription.shown_title,
        {},
        subscription=subscription,
        categories=_categories(state, viewer),
        page=page,
    )


@router.post("/subscriptions/{feed_seq}")
async def change(
    request: Request,
    state: State,
    viewer: Viewer,
    feed_seq: int,
    title: Name = "",
    category: Name = "",
    csrf: Token = None,
) -> Response:
    """Rename a followed feed and move it to a category (empty: the feed's own title, none)."""
    check_csrf(request, viewer, csrf)
    subscription = _followed(state, viewer, feed_seq)
    state.store.subscriptions(viewer).change(
        subscription.feed.url, title=title.strip() or None, category=category.strip() or None
    )
    return RedirectResponse(f"/subscriptions/{feed_seq}", status_code=303)


@router.post("/subscriptions/{feed_seq}/unfollow")
async def unfollow(
    request: Request, state: State, viewer: Viewer, feed_seq: int, csrf: Token = None
) -> Response:
    """Stop following; the feed and its articles stay while others follow it."""
    check_csrf(request, viewer, csrf)
    state.store.subscriptions(viewer).unfollow(_followed(state, viewer, feed_seq).feed.url)
    return RedirectResponse("/subscriptions", status_code=303)


def _listing(
    request: Request,
    state: ServerState,
    viewer: Reader,
    *,
    problem: str | None = None,
    notice: str | None = None,
    url: str = "",
    addresses: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    followed = state.store.subscriptions(viewer).all()
    grouped: dict[str, list[Subscription]] = {}
    for subscription in followed:
        grouped.setdefault(subscription.category or "", []).append(subscription)
    response = render_page(
        request,
        "subscriptions.html",
        "Subscriptions",
        {},
        grouped=grouped,
        categories=sorted(category for category in grouped if category),
        problem=problem,
        notice=notice,
        url=url,
        addresses=addresses,
    )
    response.status_code = status
    return response


def _followed(state: ServerState, viewer: Reader, feed_seq: int) -> Subscription:
    found = state.store.subscriptions(viewer).get(feed_seq)
    if found is None:
        raise ApiError(404, "not_found", f"no feed {feed_seq} among the reader's subscriptions")
    return found


def _by_url(state: ServerState, viewer: Reader, url: str) -> Subscription | None:
    return next((kept for kept in state.store.subscriptions(viewer).all() if kept.feed.url == url), None)


def _cut(name: str | None) -> str | None:
    return name[:NAME_CHARACTERS] if name else None


def _categories(state: ServerState, viewer: Reader) -> list[str]:
    return sorted({kept.category for kept in state.store.subscriptions(viewer).all() if kept.category})
