"""Entities: the people, organisations and places the stored articles name, by article count."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from newsbite.serve.api.shared import Limit, NamePrefix, State

TAG = {"name": "entities", "description": "People, organisations and places named in the articles."}
router = APIRouter(tags=[TAG["name"]])


class EntityCount(BaseModel):
    name: str
    label: str
    articles: int


class EntityList(BaseModel):
    items: list[EntityCount]


@router.get("/entities", response_model=EntityList)
async def list_entities(state: State, prefix: NamePrefix = None, limit: Limit = 50) -> dict[str, Any]:
    """People, organisations and places named in the stored articles, by how many articles name them."""
    return {"items": state.store.entities(prefix, limit)}
