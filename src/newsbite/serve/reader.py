"""The web reader: server-rendered pages of bites over the store (Jinja2; they work without script,
and static/reader.js adds the keyboard shortcuts and the theme switch)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from cachetools import LRUCache
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from newsbite.serve.article_view import article_view, claim_pairs, contested_split, safe_link
from newsbite.serve.errors import ApiError
from newsbite.serve.feeds import FEED_LABELS, FEED_PATHS, MEDIA_TYPES, FeedFilters, originally_published
from newsbite.serve.places_map import places_map
from newsbite.serve.sessions import Viewer, signed_in
from newsbite.serve.state import ServerState, server_state
from newsbite.serve.times import ReaderTimes, item_field
from newsbite.store import ArticleQuery, Reader, Store, utc_stamp

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
TEMPLATES.env.globals["originally_published"] = originally_published
TEMPLATES.env.filters["safe_link"] = safe_link
PAGE_SIZE = 20
# A story page shows its latest reports and a few of each outlet's copies; a story that ran for
# months links to all of its reports, a page at a time (a page of every report of a 300-report
# story took 6 ms to render and was too long to read).
TIMELINE_SHOWN = 30
COPIES_SHOWN = 3
# A search page counts its results this far, then says "more than": an exact count of a common
# word's matches took over a second on PostgreSQL (Store.count_up_to).
MOST_COUNTED = 1_000
# Places have their own page and map; the entities page lists who is in the news.
PEOPLE_AND_ORGANISATIONS = ("PERSON", "ORG", "NORP")
LABEL_NAMES = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LOC": "place"}
TEMPLATES.env.filters["label_name"] = lambda label: LABEL_NAMES.get(label, label.lower())

# Templates one app compiles and caches: as many as there are pages, and then some.
TEMPLATE_CACHE = 100
# Story bodies one app keeps rendered (`story_body`): the stories in the news, and the versions of
# them that readers of different feeds see.
STORY_BODIES_KEPT = 1_024


def story_bodies() -> LRUCache[tuple[int, int], tuple[dict[str, Any], Markup]]:
    """An app's rendered story bodies (`story_body`), kept in `app.state.story_bodies`."""
    return LRUCache(maxsize=STORY_BODIES_KEPT)


def reader_templates(times: ReaderTimes) -> Jinja2Templates:
    """The reader's templates for one app: TEMPLATES' filters and globals, and `times`, which
    words times in that app's zone. Its own environment, so that two apps (a test's, a server's)
    in one process keep their own zones."""
    # Its own cache (templates bind globals); the templates are the package's files, which do not
    # change while it serves, so none is looked at again on each page (eight stat calls a page).
    env = TEMPLATES.env.overlay(cache_size=TEMPLATE_CACHE, auto_reload=False)
    env.globals = {
        **TEMPLATES.env.globals,
        "times": times,
        "when": times.when,
        "article_when": times.article_when,
        "byline": partial(byline, times),
    }
    return Jinja2Templates(env=env)


def byline(times: ReaderTimes, item: Any) -> Markup:
    """An item's meta line: its byline, publisher and agency, and its time."""
    parts = [part for name in ("byline", "publisher", "agency") if (part := item_field(item, name))]
    moment = times.article_when(item)
    joined = " · ".join(escape(part) for part in parts)
    return Markup(f'<p class="meta">{joined}{" · " if parts and moment else ""}{moment}</p>')


router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(server_state)]
Text = Annotated[str | None, Query(max_length=500)]


@router.get("/", response_class=HTMLResponse)
async def front_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    page = state.store.stories.ranked(state.settings.story_half_life_hours, PAGE_SIZE, cursor, viewer)
    unread = state.store.states(viewer).unread_in_stories([story["id"] for story in page.items])
    return render_page(request, "front.html", "Top stories", {}, page=page, unread=unread)


@router.get("/unread", response_class=HTMLResponse)
async def unread_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    query = ArticleQuery(limit=PAGE_SIZE, cursor=cursor, reader=viewer, unread=True)
    return render_page(
        request,
        "latest.html",
        "Unread",
        {},
        page=state.store.articles(query),
        view="unread",
        made_at=utc_stamp(),
    )


@router.get("/starred", response_class=HTMLResponse)
async def starred_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    query = ArticleQuery(limit=PAGE_SIZE, cursor=cursor, reader=viewer, starred=True)
    return render_page(
        request, "latest.html", "Starred", {}, page=state.store.articles(query), view="starred"
    )


@router.get("/latest", response_class=HTMLResponse)
async def latest_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    page = state.store.articles(ArticleQuery(limit=PAGE_SIZE, cursor=cursor, reader=viewer))
    return render_page(request, "latest.html", "Latest news", {}, page=page)


@router.get("/stories", response_class=HTMLResponse)
async def stories_page(request: Request, state: State, viewer: Viewer, cursor: Text = None) -> Response:
    page = state.store.stories.page(PAGE_SIZE, cursor, reader=viewer)
    return render_page(request, "stories.html", "Stories, latest news first", {}, page=page)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def one_story_page(request: Request, state: State, viewer: Viewer, story_id: str) -> Response:
    story = await run_in_threadpool(state.store.story_document, story_id, viewer)
    if story is None:
        raise ApiError(404, "not_found", f"no story with id {story_id!r}")
    unread = state.store.states(viewer).unread_in_stories([story["id"]]).get(story["id"], 0)
    title = story["title"] or "Story"
    follow = {"story": story["id"]}
    return render_page(
        request, "story.html", title, follow, story=story, body=story_body(request, story), unread=unread
    )


def story_body(request: Request, story: dict[str, Any]) -> Markup:
    """A story page's body (its bite, claims, timeline and outlets), rendered once a minute for
    each story document the store hands out (one object for as long as the story has not moved,
    for every reader who sees the same reports), as its times read "3 hours ago": the body took
    2 ms of a story page's 4."""
    kept: LRUCache[tuple[int, int], tuple[dict[str, Any], Markup]] = request.app.state.story_bodies
    key = (id(story), int(time.time() // 60))
    found = kept.get(key)
    if found is not None and found[0] is story:  # the same object, not one that took its id
        return found[1]
    templates: Jinja2Templates = request.app.state.reader_templates
    body = Markup(
        templates.get_template("story_body.html").render(
            story=story,
            pairs=claim_pairs(story["claims"]),
            **contested_split(story["claims"]),
            timeline_shown=TIMELINE_SHOWN,
            copies_shown=COPIES_SHOWN,
        )
    )
    kept[key] = (story, body)
    return body


@router.get("/stories/{story_id}/reports", response_class=HTMLResponse)
async def story_reports_page(
    request: Request, state: State, viewer: Viewer, story_id: str, cursor: Text = None
) -> Response:
    # Every report of a story, newest first, a page at a time: the story page shows the latest.
    story = state.store.story_listing(story_id, viewer)
    if story is None:
        raise ApiError(404, "not_found", f"no story with id {story_id!r}")
    page = state.store.articles(
        ArticleQuery(story=story["id"], limit=PAGE_SIZE, cursor=cursor, reader=viewer)
    )
    title = story["title"] or "Story"
    return render_page(
        request,
        "listing.html",
        title,
        {"story": story["id"]},
        page=page,
        heading=title,
        kind="story",
        located=[],
        story=story,
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    state: State,
    viewer: Viewer,
    q: Text = None,
    entity: Text = None,
    place: Text = None,
    agency: Text = None,
    publisher: Text = None,
    since: date | None = None,
    until: date | None = None,
    cursor: Text = None,
) -> Response:
    filters = {"q": q, "entity": entity, "place": place, "agency": agency, "publisher": publisher}
    filters = {key: value for key, value in filters.items() if value}
    query = ArticleQuery(q, entity, place, agency, publisher, since, until, PAGE_SIZE, cursor, reader=viewer)
    searched = bool(filters or since or until)
    page = state.store.articles(query) if searched else None
    found = None
    if page is not None:
        # A first page with no next one holds every match: nothing more to count.
        whole = cursor is None and page.next_cursor is None
        found = (
            len(page.items)
            if whole
            else state.store.count_up_to(replace(query, cursor=None), MOST_COUNTED + 1)
        )
    if page and q:
        page = replace(page, items=_marked(state.store, q, page.items))
    follow = FeedFilters(q, entity, place, source=publisher, agency=agency, since=since, until=until).params()
    title = f"Search: {q}" if q else "Search"
    return render_page(
        request,
        "search.html",
        title,
        follow,
        page=page,
        found=found,
        most_counted=MOST_COUNTED,
        filters=filters,
        since=since,
        until=until,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, state: State, viewer: Viewer, article_id: str) -> Response:
    document = state.store.get(article_id, viewer)
    if document is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    view = article_view(document)
    return render_page(
        request,
        "article.html",
        document.get("headline") or "Article",
        {},
        view=view,
        story=_story_of(state, article_id, viewer),
        article=document,
        map=places_map(document.get("places", [])),
    )


@router.get("/entities", response_class=HTMLResponse)
async def entities_page(request: Request, state: State, prefix: Text = None) -> Response:
    return render_page(
        request,
        "entities.html",
        "People and organisations",
        {},
        entities=state.store.entities(prefix, 200, labels=PEOPLE_AND_ORGANISATIONS),
    )


@router.get("/entities/{name}", response_class=HTMLResponse)
async def entity_page(
    request: Request, state: State, viewer: Viewer, name: str, cursor: Text = None
) -> Response:
    page = state.store.articles(ArticleQuery(entity=name, limit=PAGE_SIZE, cursor=cursor, reader=viewer))
    if not page.items and cursor is None:
        raise ApiError(404, "not_found", f"no stored article names {name!r}")
    return render_page(
        request, "listing.html", name, {"entity": name}, page=page, heading=name, kind="entity", located=[]
    )


@router.get("/sources/{outlet}", response_class=HTMLResponse)
async def source_page(
    request: Request, state: State, viewer: Viewer, outlet: str, cursor: Text = None
) -> Response:
    # What one outlet ran: every article of its own, copies of a dispatch included (each is its
    # run). An outlet is named by its publisher, else (for a wire copy with none) by its agency.
    query = ArticleQuery(publisher=outlet, limit=PAGE_SIZE, cursor=cursor, copies=True, reader=viewer)
    page = state.store.articles(query)
    follow = {"source": outlet}
    if not page.items:
        page = state.store.articles(replace(query, publisher=None, agency=outlet))
        follow = {"agency": outlet}
    if not page.items and cursor is None:
        raise ApiError(404, "not_found", f"no stored article is from the outlet {outlet!r}")
    return render_page(
        request,
        "listing.html",
        outlet,
        follow,
        page=page,
        heading=outlet,
        kind="source",
        located=[],
    )


@router.get("/places", response_class=HTMLResponse)
async def places_page(request: Request, state: State) -> Response:
    places = state.store.places(limit=200)
    return render_page(request, "places.html", "Places", {}, places=places, map=places_map(places))


@router.get("/places/{name}", response_class=HTMLResponse)
async def place_page(
    request: Request, state: State, viewer: Viewer, name: str, cursor: Text = None
) -> Response:
    page = state.store.articles(ArticleQuery(place=name, limit=PAGE_SIZE, cursor=cursor, reader=viewer))
    if not page.items and cursor is None:
        raise ApiError(404, "not_found", f"no stored article names the place {name!r}")
    located = [p for p in state.store.places(name, 20) if p["name"].casefold() == name.casefold()]
    return render_page(
        request, "listing.html", name, {"place": name}, page=page, heading=name, kind="place", located=located
    )


def _story_of(state: ServerState, article_id: str, viewer: Reader) -> dict[str, Any] | None:
    """The listing of the story an article is in, when it is in one with other articles the
    viewer sees."""
    story_id = state.store.stories.of_article(article_id)
    found = state.store.story_listing(story_id, viewer) if story_id else None
    return found if found and found["articles"] > 1 else None


def _marked(store: Store, q: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed items with their headline and bite as HTML, the words the search matched in
    `<mark>`: each piece of the text escaped before it is marked, so no article text becomes markup."""
    texts = [text for item in items for text in (item["headline"] or "", " ".join(item["bite"]["sentences"]))]
    pieces = store.mark_matches(q, texts)
    return [
        {**item, "marked_headline": _markup(pieces[2 * n]), "marked_bite": _markup(pieces[2 * n + 1])}
        for n, item in enumerate(items)
    ]


def _markup(pieces: list[tuple[str, bool]]) -> Markup:
    # Each piece escaped, then joined as plain text: joining Markup objects escaped each again.
    return Markup(
        "".join(f"<mark>{escape(piece)}</mark>" if matched else escape(piece) for piece, matched in pieces)
    )


def render_error(request: Request, error: ApiError) -> Response:
    """An error as a reader page, with the same code and message the JSON would carry; a page
    that needs a signed-in reader sends the browser to sign in, and back after."""
    if error.code == "sign_in_required" and request.method in ("GET", "HEAD"):
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': wanted})}", status_code=303)
    return TEMPLATES.TemplateResponse(
        request,
        "error.html",
        {"title": f"{error.status} {error.code}", "error": error, "feeds": []},
        status_code=error.status,
    )


def render_page(
    request: Request, template: str, title: str, feed_filters: dict[str, str], **context: Any
) -> Response:
    """The page, with its feeds (a "Follow this page" link each) filtered as `feed_filters` says:
    the page's own filters, as a feed takes them (serve/feeds.py's FeedFilters)."""
    query = urlencode(feed_filters)
    feeds = [
        {
            "href": FEED_PATHS[kind] + (f"?{query}" if query else ""),
            "type": MEDIA_TYPES[kind].split(";")[0],
            "title": f"{label}: {title}" if feed_filters else label,
            "label": label,
        }
        for kind, label in FEED_LABELS.items()
    ]
    # The next page keeps every parameter but the cursor.
    kept = urlencode([(key, value) for key, value in request.query_params.multi_items() if key != "cursor"])
    more_href = f"{request.url.path}?{kept + '&' if kept else ''}"
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    templates: Jinja2Templates = request.app.state.reader_templates
    return templates.TemplateResponse(
        request,
        template,
        {
            "title": title,
            "feeds": feeds,
            "more_href": more_href,
            "here": here,
            **signed_in(request),
            **context,
        },
    )
