"""Places: the places resolved in the stored articles, with coordinates where known."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from newsbite.serve.api.shared import Limit, NamePrefix, State

TAG = {"name": "places", "description": "Places resolved in the articles, with coordinates where known."}
router = APIRouter(tags=[TAG["name"]])


class PlaceCount(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    articles: int


class PlaceList(BaseModel):
    items: list[PlaceCount]


@router.get("/places", response_model=PlaceList)
async def list_places(state: State, prefix: NamePrefix = None, limit: Limit = 50) -> dict[str, Any]:
    """Places resolved in the stored articles, with coordinates where known, by article count."""
    return {"items": state.store.places(prefix, limit)}
