"""Stories: syndicated copies folded and coverage of one event grouped; one story in full."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from newsbite.serve.api.shared import READ_ERRORS, BiteOut, Cursor, Limit, State
from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.sessions import Viewer

TAG = {"name": "stories", "description": "The articles about one event, copies folded, with a timeline."}
router = APIRouter(tags=[TAG["name"]])
TIME_BASIS = (
    "What the times are: `published`, the believed publication times of its dated reports, or "
    "`first_seen`, when NewsBite first saw its reports, none of which has a date it believes."
)


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
    time_basis: str = Field(description=TIME_BASIS)
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
    time: str = Field(description="`published` in UTC, else (`published` null) when NewsBite first saw it.")


class StoryOutlet(BaseModel):
    name: str
    articles: list[StoryCopy]


class TimelineEntry(BaseModel):
    """One item: a report and the copies other outlets ran of it."""

    time: str
    time_basis: str = Field(description=TIME_BASIS)
    source: str = Field(description="The agency or outlet the report comes from.")
    canonical: StoryCopy = Field(description="The agency's copy, else the earliest of the fullest.")
    copies: list[StoryCopy]


class StoryClaim(BaseModel):
    """A statement of the story, once however many reports carried it: who made it, its stance,
    the reports and outlets that carried it, and where it was first reported."""

    time: str = Field(description="When it was first reported.")
    time_basis: str = Field(description=TIME_BASIS)
    party: str | None
    stance: str = Field(description="claim, denial, confirmation or no_comment")
    text: str = Field(description="Its words as first reported.")
    sentence: str
    answers: int | None = Field(
        description="A denial's, confirmation's or no-comment's claim: its index in `claims`."
    )
    contradicts: int | None = Field(description="`answers` under the name article claims use.")
    articles: list[str] = Field(description="The reports (article ids) that carried it, first first.")
    outlets: list[str] = Field(description="Their outlets.")
    article: str = Field(description="The report it was first carried in.")
    outlet: str
    source: str


class StoryOut(StorySummary):
    lead_article: str = Field(description="The article whose headline and bite the story shows.")
    source_names: list[str]
    outlet_list: list[StoryOutlet]
    timeline: list[TimelineEntry]
    claims: list[StoryClaim]


@router.get("/stories", response_model=StoryPage, responses=READ_ERRORS)
async def list_stories(
    state: State,
    viewer: Viewer,
    min_articles: Annotated[int, Query(ge=1, le=10_000, description="Only stories this large.")] = 1,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Stories, latest news first: syndicated copies folded, coverage of one event grouped."""
    page = state.store.stories.page(limit, cursor, min_articles, viewer)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/stories/{story_id}",
    response_model=StoryOut,
    responses={404: {"model": ErrorBody, "description": "No such story"}},
)
async def get_story(state: State, viewer: Viewer, story_id: str) -> dict[str, Any]:
    """One story: bite, outlets with each copy, timeline of its reports, claims and denials (of
    the reports a signed-in user sees)."""
    document = await run_in_threadpool(state.store.story_document, story_id, viewer)
    if document is None:
        raise ApiError(404, "not_found", f"no story with id {story_id!r}")
    return document
