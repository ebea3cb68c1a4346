"""What a reader does to items: read, unread, star, unstar; read a story; read everything that had
arrived when the page was made. Forms (each with its CSRF token) answer with a redirect back to
the page; a script asking for JSON gets the count of items changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from newsbite.serve.errors import ApiError
from newsbite.serve.hosts import local_path
from newsbite.serve.sessions import Viewer, check_csrf
from newsbite.serve.state import ServerState, server_state
from newsbite.store import utc_stamp

router = APIRouter(include_in_schema=False)
State = Annotated[ServerState, Depends(server_state)]
Token = Annotated[str | None, Form(max_length=200)]
Back = Annotated[str, Form(max_length=2_000)]
ACTIONS = ("read", "unread", "star", "unstar")


@router.post("/items/{article_id}/{action}")
async def change_item(
    request: Request,
    state: State,
    viewer: Viewer,
    article_id: str,
    action: str,
    csrf: Token = None,
    back: Back = "/",
) -> Response:
    """Read, unread, star or unstar the item of an article (any copy stands for its item)."""
    if action not in ACTIONS:
        raise ApiError(404, "not_found", f"no action {action!r}: {', '.join(ACTIONS)}")
    check_csrf(request, viewer, csrf)
    changed = getattr(state.store.states(viewer), action)([article_id], utc_stamp())
    if not changed:
        raise ApiError(404, "not_found", f"no article with id {article_id!r} among the reader's")
    return _answer(request, back, changed)


@router.post("/stories/{story_id}/read")
async def read_story(
    request: Request, state: State, viewer: Viewer, story_id: str, csrf: Token = None, back: Back = "/"
) -> Response:
    check_csrf(request, viewer, csrf)
    return _answer(request, back, state.store.states(viewer).read_story(story_id, utc_stamp()))


@router.post("/read-all")
async def read_all(
    request: Request,
    state: State,
    viewer: Viewer,
    first_seen_by: Annotated[str, Form(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")],
    csrf: Token = None,
    back: Back = "/unread",
) -> Response:
    """Read every item that had arrived by `first_seen_by` (when the page was made), so that what
    arrived while the reader looked stays unread."""
    check_csrf(request, viewer, csrf)
    return _answer(
        request, back, state.store.states(viewer).read_all(utc_stamp(), first_seen_by=first_seen_by)
    )


def _answer(request: Request, back: str, changed: int) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"changed": changed})
    return RedirectResponse(local_path(back), status_code=303)
