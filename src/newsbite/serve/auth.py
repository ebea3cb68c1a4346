"""Who may write: the bearer token every write route requires, declared in the OpenAPI document,
and how often a client may write or fail to give the token.

Reads are open. A write needs `Authorization: Bearer <NEWSBITE_API_TOKEN>`; a server with no
token set takes no writes at all. The scheme is FastAPI's `HTTPBearer`, so /docs offers an
Authorize button; its own 401/403 answers are turned off, so that every refusal has the one
error shape (serve/errors.py). Writes count against `write_rate_limit` and wrong tokens against
`login_rate_limit` (serve/rate_limits.py): past either, 429.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsbite.serve.errors import ApiError, ErrorBody
from newsbite.serve.rate_limits import client_address, token_client
from newsbite.serve.state import ServerState, server_state

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

bearer_token = HTTPBearer(
    scheme_name="bearerToken",
    description="The server's NEWSBITE_API_TOKEN. Reads need no token.",
    auto_error=False,
)
# What a write route may answer for want of the token, or for too many tries, for its `responses=`.
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writes are disabled (no NEWSBITE_API_TOKEN set)"},
    429: {
        "model": ErrorBody,
        "description": "Too many writes, or wrong tokens, from this client: wait Retry-After seconds",
    },
}
State = Annotated[ServerState, Depends(server_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_token)]


async def limit_writes(request: Request, state: State) -> None:
    """Counts a write (POST, PUT, PATCH, DELETE) against its client's `write_rate_limit`: the
    token's when it bears the right one, else its address's; reads pass uncounted."""
    if request.method not in WRITE_METHODS:
        return
    # Called, not declared as a dependency, so that read routes do not show the scheme in /docs.
    credentials = await bearer_token(request)
    given = credentials.credentials if credentials else ""
    is_the_token = _is_the_token(given, state.settings.api_token)
    client = token_client(given) if is_the_token else client_address(request)
    state.rate_limits.hit(state.rate_limits.writes, client)


async def require_write_token(request: Request, state: State, credentials: Credentials) -> None:
    """Passes a request bearing the configured token; 403 when none is configured, else 401, and
    429 once its address has given a wrong token `login_rate_limit` times."""
    token = state.settings.api_token
    if not token:
        raise ApiError(403, "writes_disabled", "this server takes no writes: NEWSBITE_API_TOKEN is not set")
    limits, address = state.rate_limits, client_address(request)
    # Checked before the token: were a right guess let through past the limit, guessing would go
    # on at full speed, stopped only by the wrong answers.
    limits.check(limits.logins, address)
    # HTTPBearer gives None for a missing header, another scheme or an empty token.
    if not _is_the_token(credentials.credentials if credentials else "", token):
        limits.hit(limits.logins, address)
        raise ApiError(
            401, "unauthorized", "a valid bearer token is required", {"WWW-Authenticate": "Bearer"}
        )


def _is_the_token(given: str, token: str) -> bool:
    return bool(token) and secrets.compare_digest(given.encode(), token.encode())
