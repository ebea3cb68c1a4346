"""Articles: the list (filtered and searched), one article with its analysis, and adding one."""

from __future__ import annotations

import html as html_entities
import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from starlette.responses import JSONResponse

from newsbite.bite.sentences import split_sentences
from newsbite.clean.markup import visible_text
from newsbite.errors import NewsBiteError
from newsbite.model import parse_moment
from newsbite.serve.api.shared import READ_ERRORS, BiteOut, Cursor, Limit, State
from newsbite.serve.auth import AUTH_ERRORS, require_write_token
from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.sessions import Viewer
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
    published: str | None = Field(
        description="Its own date (ISO 8601) if NewsBite believes it: null when it gives none, or one "
        "more than a day after it was first seen."
    )
    added_at: str = Field(
        description="When NewsBite first saw it (UTC). Lists are ordered by `published`, else, for an "
        "undated copy of a dated dispatch, the dispatch's date, else this."
    )
    url: str | None
    bite: BiteOut
    outlets: list[str] | None = Field(
        default=None,
        description="Every outlet that ran this dispatch (its copies are folded into this entry);"
        " absent with `copies=all`.",
    )


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


# A bite is made of the article's own sentences, so a posted body must hold at least one that
# states something: the shortest statement is a subject and a verb ("Markets fell."), two words.
# A lone character, a number or a word alone is a label or debris, not news.
WORDS_IN_A_SENTENCE = 2
LETTER_RUN = re.compile(r"[^\W\d_]+")
# Scripts written without spaces between words, where a run of letters is a phrase: each of its
# characters is counted as a word instead ("雨停了。", the rain stopped, is three).
UNSPACED_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"})
HTTP_URL = TypeAdapter(HttpUrl)


def _http_url(value: str) -> str:
    """The URL as given (not normalised, since it is what the article is known by), if http(s)."""
    try:
        HTTP_URL.validate_python(value)
    except ValidationError:
        raise PydanticCustomError("http_url", "must be an http or https URL") from None
    return value


def _moment(value: str) -> str:
    """The value as given, if it reads as the store reads publication times."""
    if parse_moment(value) is None:
        raise PydanticCustomError(
            "moment", "must be an ISO 8601 date or date-time, such as 2026-05-29 or 2026-05-29T08:00:00+02:00"
        )
    return value


def _words(sentence: str) -> int:
    return sum(
        len(run) if unicodedata.name(run[0], "").partition(" ")[0] in UNSPACED_SCRIPTS else 1
        for run in LETTER_RUN.findall(sentence)
    )


def _has_a_sentence(text: str) -> bool:
    """Whether some sentence of `text` (split as the bite stage splits them) has enough words."""
    return any(
        _words(sentence) >= WORDS_IN_A_SENTENCE
        for paragraph in text.splitlines()
        for sentence in split_sentences(paragraph, None)
    )


def _text_with_a_sentence(value: str) -> str:
    if not _has_a_sentence(value):
        raise PydanticCustomError("no_sentence", "has no sentence of two or more words to make a bite from")
    return value


def _html_with_a_sentence(value: str) -> str:
    # The page's text as a browser shows it: tags dropped (script and style with their content),
    # by a linear scan: an HTML sanitiser takes the square of a tag's attributes (2.4 MB: 23 s).
    if not _has_a_sentence(html_entities.unescape(visible_text(value))):
        raise PydanticCustomError("no_sentence", "has no sentence of two or more words to make a bite from")
    return value


class NewArticle(BaseModel):
    """A document to add: a `url` to fetch, or the document itself as `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(max_length=2048), AfterValidator(_http_url)] | None = Field(
        None, description="An http(s) URL: fetched when no text or html is given, else the document's source."
    )
    text: Annotated[str, AfterValidator(_text_with_a_sentence)] | None = Field(
        None, description="The article as plain text (a scraped dump is fine), with at least one sentence."
    )
    html: Annotated[str, AfterValidator(_html_with_a_sentence)] | None = Field(
        None, description="The article page's HTML, with at least one sentence."
    )
    title: str | None = Field(None, max_length=1000)
    published: Annotated[str, StringConstraints(max_length=40), AfterValidator(_moment)] | None = Field(
        None, description="ISO 8601 date or date-time."
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # No stored text has one (PostgreSQL refuses it, XML cannot carry it), so it is refused
        # here, naming the field, rather than failing in the store.
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("nul_character", "must not contain a NUL character (\\u0000)")
        return value

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
    viewer: Viewer,
    q: Annotated[str | None, Query(max_length=500, description="Words to find (all of them).")] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    agency: Annotated[str | None, Query(max_length=100)] = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    copies: Annotated[
        Literal["folded", "all"],
        Query(
            description="`folded` (the default): one entry per dispatch, its copies folded into it"
            " with the outlets that ran it; `all`: every copy as its own entry."
        ),
    ] = "folded",
) -> dict[str, Any]:
    """Articles newest first with their bites; `q` searches headline and body. A wire dispatch run
    by several outlets is one entry (its newest matching copy) unless `copies=all`."""
    # A user sees their feeds' articles and those added by hand; the local reader sees them all.
    reader = None if viewer.local else viewer
    page = state.store.articles(
        ArticleQuery(
            q,
            entity,
            place,
            agency,
            publisher,
            since,
            until,
            limit,
            cursor,
            copies=copies == "all",
            reader=reader,
        )
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/articles/{article_id}", responses={404: {"model": ErrorBody, "description": "No such article"}})
async def get_article(state: State, viewer: Viewer, article_id: str) -> dict[str, Any]:
    """One article with its analysis: entities, places, quotes, claims, numbers (docs/json-schema.md)."""
    document = state.store.get(article_id, viewer)
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
    # In a thread: finding a sentence in a 20 MB body takes a second or two, which on the event
    # loop would hold up every other request this process serves.
    new = await run_in_threadpool(_new_article, body)
    outcome, document = await run_in_threadpool(_process_and_store, state, new)
    status = 201 if outcome is AddOutcome.ADDED else 200
    return JSONResponse({"outcome": outcome.value, "article": document}, status_code=status)


def _new_article(body: bytes) -> NewArticle:
    try:
        return NewArticle.model_validate_json(body)
    except ValidationError as error:  # described by the same handler as any other bad request
        raise RequestValidationError(error.errors()) from None


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
