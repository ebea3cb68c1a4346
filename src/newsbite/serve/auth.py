"""Who may write: the bearer token every write route requires, declared in the OpenAPI document.

Reads are open. A write needs `Authorization: Bearer <NEWSBITE_API_TOKEN>`; a server with no
token set takes no writes at all. The scheme is FastAPI's `HTTPBearer`, so /docs offers an
Authorize button; its own 401/403 answers are turned off, so that every refusal has the one
error shape (serve/errors.py).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.state import ServerState, server_state

bearer_token = HTTPBearer(
    scheme_name="bearerToken",
    description="The server's NEWSBITE_API_TOKEN. Reads need no token.",
    auto_error=False,
)
# What a write route may answer for want of the token, for its `responses=`.
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writes are disabled (no NEWSBITE_API_TOKEN set)"},
}


async def require_write_token(
    state: Annotated[ServerState, Depends(server_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_token)],
) -> None:
    """Passes a request bearing the configured token; 403 when none is configured, else 401."""
    token = state.settings.api_token
    if not token:
        raise ApiError(403, "writes_disabled", "this server takes no writes: NEWSBITE_API_TOKEN is not set")
    # HTTPBearer gives None for a missing header, another scheme or an empty token.
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), token.encode()):
        raise ApiError(
            401, "unauthorized", "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
        )
