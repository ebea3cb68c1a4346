"""Articles: the list (filtered and searched), one article with its analysis, and adding one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.responses import JSONResponse

from newsbite.errors import NewsBiteError
from newsbite.serve.api.shared import READ_ERRORS, BiteOut, Cursor, Limit, State
from newsbite.serve.auth import AUTH_ERRORS, require_write_token
from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.state import ServerState
from newsbite.store import AddOutcome, ArticleQuery, StoreError, stored_id

TAG = {"name": "articles", "description": "Stored articles with their bites and analysis; adding one."}
router = APIRouter(tags=[TAG["name"]])


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


@router.get("/articles", response_model=ArticlePage, responses=READ_ERRORS)
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
    cursor: Cursor = None,
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
    dependencies=[Depends(require_write_token)],
    responses={
        200: {"model": AddedArticle, "description": "Already stored (unchanged or updated)"},
        **AUTH_ERRORS,
        413: {"model": ErrorBody, "description": "Body too large"},
        422: {"model": ErrorBody, "description": "Invalid body, or a document with no article in it"},
        503: {"model": ErrorBody, "description": "The store cannot be written now, or the pipeline built"},
    },
)
async def add_article(request: Request, state: State) -> JSONResponse:
    """Add a document or URL: processed (clean, understand, bite) and stored. Needs the bearer token."""
    body = await _read_body(request, state.settings.max_document_bytes)
    try:
        new = NewArticle.model_validate_json(body)
    except ValidationError as error:  # described by the same handler as any other bad request
        raise RequestValidationError(error.errors()) from None
    outcome, document = await run_in_threadpool(_process_and_store, state, new)
    status = 201 if outcome is AddOutcome.ADDED else 200
    return JSONResponse({"outcome": outcome.value, "article": document}, status_code=status)


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
    except StoreError:
        raise  # the store failing is not the document's fault: 503, through the app's handler
    except NewsBiteError as error:
        raise ApiError(422, "unprocessable", error.problem) from None
    return outcome, state.store.get(stored_id(article)) or {}
