"""The JSON API under /api/v1: articles (list, search, one, add), stories, entities, places and feeds."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.responses import JSONResponse

from newsbite.errors import NewsBiteError
from newsbite.serve.errors import ApiError
from newsbite.serve.state import ServerState, server_state
from newsbite.store import MAX_PAGE, AddOutcome, ArticleQuery, stored_id

router = APIRouter(prefix="/api/v1", tags=["articles"])


class KeyPointOut(BaseModel):
    text: str
    sentences: list[int]


class BiteOut(BaseModel):
    method: str | None
    sentences: list[str]
    sentence_ids: list[int]
    key_points: list[KeyPointOut]


class ArticleSummary(BaseModel):
    """An article as listings give it: where it is from, and its bite."""

    id: str
    headline: str | None
    standfirst: str | None
    publisher: str | None
    agency: str | None
    section: str | None
    published: str | None
    url: str | None
    bite: BiteOut


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class EntityCount(BaseModel):
    name: str
    label: str
    articles: int


class PlaceCount(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    articles: int


class EntityList(BaseModel):
    items: list[EntityCount]


class PlaceList(BaseModel):
    items: list[PlaceCount]


class FeedHealth(BaseModel):
    """A subscribed feed and how its polls have gone (`newsbite feeds list`)."""

    url: str
    title: str | None
    site_url: str | None
    format: str | None
    status: str = Field(description="new, ok, failing (the last poll failed) or flagged (failing repeatedly)")
    flagged: bool
    added_at: str | None
    last_polled_at: str | None
    last_success_at: str | None
    last_error_at: str | None
    last_error_reason: str | None = Field(
        description="dns, refused, timeout, http_403, http_429, parse, empty, ..."
    )
    last_error: str | None
    failures: int = Field(description="Failed polls in a row.")
    articles: int = Field(description="Articles added from this feed.")
    poll_seconds: int | None
    next_poll_at: str | None


class FeedHealthList(BaseModel):
    items: list[FeedHealth]


class StorySummary(BaseModel):
    """A story as listings give it: its title, how widely it ran, its lead article's bite."""

    id: str
    title: str | None
    articles: int = Field(description="Stored articles in the story, syndicated copies included.")
    items: int = Field(description="Distinct reports: a wire dispatch and its copies count once.")
    sources: int = Field(description="Independent sources: the agencies and outlets the items come from.")
    outlets: int = Field(description="Sites that ran the story.")
    first_time: str
    last_time: str
    bite: BiteOut


class StoryPage(BaseModel):
    items: list[StorySummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class StoryCopy(BaseModel):
    id: str
    headline: str | None
    outlet: str
    url: str | None
    published: str | None
    time: str


class StoryOutlet(BaseModel):
    name: str
    articles: list[StoryCopy]


class TimelineEntry(BaseModel):
    """One item: a report and the copies other outlets ran of it."""

    time: str
    source: str = Field(description="The agency or outlet the report comes from.")
    canonical: StoryCopy = Field(description="The agency's copy, else the earliest of the fullest.")
    copies: list[StoryCopy]


class StoryClaim(BaseModel):
    """A claim or denial, with who made it and the article and sentence it came from."""

    time: str
    party: str | None
    stance: str = Field(description="claim, denial, confirmation or no_comment")
    text: str
    sentence: str
    contradicts: int | None = Field(description="The index, in `claims`, of the claim this one denies.")
    article: str
    outlet: str
    source: str


class StoryOut(StorySummary):
    lead_article: str = Field(description="The article whose headline and bite the story shows.")
    source_names: list[str]
    outlet_list: list[StoryOutlet]
    timeline: list[TimelineEntry]
    claims: list[StoryClaim]


class NewArticle(BaseModel):
    """A document to add: a `url` to fetch, or the document itself as `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, max_length=2048, description="An http(s) URL to fetch and process.")
    text: str | None = Field(None, description="The article as plain text (a scraped dump is fine).")
    html: str | None = Field(None, description="The article page's HTML.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="ISO 8601 date or date-time.")

    @model_validator(mode="after")
    def _has_something(self) -> NewArticle:
        if not (self.url or self.text or self.html):
            raise ValueError("give a url to fetch, or the document as text or html")
        return self


class AddedArticle(BaseModel):
    outcome: str = Field(description="added, updated or unchanged")
    article: dict[str, Any] = Field(description="The stored article (docs/json-schema.md).")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Bad cursor"),
        (422, "Invalid parameters"),
        (503, "The store cannot be reached"),
    )
}
State = Annotated[ServerState, Depends(server_state)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Articles per page.")]


@router.get("/articles", response_model=ArticlePage, responses=ERRORS)
async def list_articles(
    state: State,
    q: Annotated[str | None, Query(max_length=500, description="Words to find (all of them).")] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    agency: Annotated[str | None, Query(max_length=100)] = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    limit: Limit = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Articles newest first with their bites; `q` searches headline and body."""
    page = state.store.articles(
        ArticleQuery(q, entity, place, agency, publisher, since, until, limit, cursor)
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/articles/{article_id}", responses={404: {"model": ErrorBody, "description": "No such article"}})
async def get_article(state: State, article_id: str) -> dict[str, Any]:
    """One article with its analysis: entities, places, quotes, claims, numbers (docs/json-schema.md)."""
    document = state.store.get(article_id)
    if document is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    return document


@router.post(
    "/articles",
    status_code=201,
    response_model=AddedArticle,
    responses={
        200: {"model": AddedArticle, "description": "Already stored (unchanged or updated)"},
        401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
        403: {"model": ErrorBody, "description": "Writes are disabled (no NEWSBITE_API_TOKEN set)"},
        413: {"model": ErrorBody, "description": "Body too large"},
        422: {"model": ErrorBody, "description": "Invalid body, or a document with no article in it"},
    },
)
async def add_article(request: Request, state: State) -> JSONResponse:
    """Add a document or URL: processed (clean, understand, bite) and stored. Needs the bearer token."""
    _authorise(request, state.settings.api_token)
    body = await _read_body(request, state.settings.max_document_bytes)
    try:
        new = NewArticle.model_validate_json(body)
    except ValidationError as error:  # described by the same handler as any other bad request
        raise RequestValidationError(error.errors()) from None
    outcome, document = await run_in_threadpool(_process_and_store, state, new)
    status = 201 if outcome is AddOutcome.ADDED else 200
    return JSONResponse({"outcome": outcome.value, "article": document}, status_code=status)


@router.get("/stories", response_model=StoryPage, responses=ERRORS, tags=["stories"])
async def list_stories(
    state: State,
    min_articles: Annotated[int, Query(ge=1, le=10_000, description="Only stories this large.")] = 1,
    limit: Limit = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Stories, latest news first: syndicated copies folded, coverage of one event grouped."""
    page = state.store.stories.page(limit, cursor, min_articles)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/stories/{story_id}",
    response_model=StoryOut,
    tags=["stories"],
    responses={404: {"model": ErrorBody, "description": "No such story"}},
)
async def get_story(state: State, story_id: str) -> dict[str, Any]:
    """One story: bite, outlets with each copy, timeline of its reports, claims and denials."""
    document = await run_in_threadpool(state.store.story_document, story_id)
    if document is None:
        raise ApiError(404, "not_found", f"no story with id {story_id!r}")
    return document


@router.get("/entities", response_model=EntityList, tags=["entities"])
async def list_entities(
    state: State,
    prefix: Annotated[str | None, Query(max_length=200, description="Names starting with this.")] = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """People, organisations and places named in the stored articles, by how many articles name them."""
    return {"items": state.store.entities(prefix, limit)}


@router.get("/places", response_model=PlaceList, tags=["places"])
async def list_places(
    state: State,
    prefix: Annotated[str | None, Query(max_length=200, description="Names starting with this.")] = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Places resolved in the stored articles, with coordinates where known, by article count."""
    return {"items": state.store.places(prefix, limit)}


@router.get("/feeds", response_model=FeedHealthList, tags=["feeds"])
async def list_feeds(state: State) -> dict[str, Any]:
    """The feeds `newsbite watch` polls, each with its health: last success, last error and why."""
    return {"items": [source.as_dict() for source in state.store.feeds.all()]}


def _authorise(request: Request, token: str) -> None:
    if not token:
        raise ApiError(403, "writes_disabled", "this server takes no writes: NEWSBITE_API_TOKEN is not set")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(
            401, "unauthorized", "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
        )


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes (whatever Content-Length claims)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the body is over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "too_large", f"the body is over {limit} bytes")
    return bytes(body)


def _process_and_store(state: ServerState, new: NewArticle) -> tuple[AddOutcome, dict[str, Any]]:
    try:
        article, outcome = state.take_in(new.model_dump(exclude_none=True))
    except NewsBiteError as error:
        raise ApiError(422, "unprocessable", error.problem) from None
    return outcome, state.store.get(stored_id(article)) or {}
