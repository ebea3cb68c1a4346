"""The JSON API under /api/v1: a module per resource, each its own models, router and OpenAPI tag."""

from fastapi import APIRouter, Depends

from newsbite.serve.api import articles, entities, feeds, places, stories
from newsbite.serve.auth import limit_writes

RESOURCES = (articles, stories, entities, places, feeds)
# The tags /docs groups the operations under, in this order, each with its description.
TAGS = [resource.TAG for resource in RESOURCES]

# Every write under /api counts against its client's limit, whatever route a later issue adds.
router = APIRouter(prefix="/api/v1", dependencies=[Depends(limit_writes)])
for _resource in RESOURCES:
    router.include_router(_resource.router)

__all__ = ["TAGS", "router"]
