"""Feeds: the subscribed feeds `newsbite watch` polls, each with its health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from newsbite.serve.api.shared import State
from newsbite.serve.sessions import Viewer

TAG = {
    "name": "feeds",
    "description": "The feeds NewsBite polls and their health; the feeds of bites it publishes (/feeds).",
}
router = APIRouter(tags=[TAG["name"]])


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


@router.get("/feeds", response_model=FeedHealthList)
async def list_feeds(state: State, viewer: Viewer) -> dict[str, Any]:
    """The feeds `newsbite watch` polls, each with its health: last success, last error and why.
    The owner (and the local reader) sees every feed; another user, the feeds they follow."""
    if viewer.owner or viewer.local:
        sources = state.store.feeds.all()
    else:
        sources = [subscription.feed for subscription in state.store.subscriptions(viewer).all()]
    return {"items": [source.as_dict() for source in sources]}
