"""What the API's resources share: the bite's shape, the errors every read may answer, the state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel

from newsbite.serve.errors import ErrorBody
from newsbite.serve.state import ServerState, server_state
from newsbite.store import MAX_PAGE


class KeyPointOut(BaseModel):
    text: str
    sentences: list[int]


class BiteOut(BaseModel):
    method: str | None
    sentences: list[str]
    sentence_ids: list[int]
    key_points: list[KeyPointOut]


READ_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Bad cursor"),
        (422, "Invalid parameters"),
        (503, "The store cannot be reached"),
    )
}
State = Annotated[ServerState, Depends(server_state)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Articles per page.")]
Cursor = Annotated[str | None, Query(max_length=200)]
NamePrefix = Annotated[str | None, Query(max_length=200, description="Names starting with this.")]
