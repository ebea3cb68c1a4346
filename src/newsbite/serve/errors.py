"""One error shape for every failure the server reports: `{"error": {"code", "message"}}`.

API and feed paths, and clients that do not ask for HTML, get that JSON; a browser on a reader
page gets the same code and message as a page. No handler lets a traceback reach the client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from newsbite.store import InvalidCursor, StoreError

log = logging.getLogger("newsbite.serve")


class ApiError(Exception):
    """A failure with its HTTP status, a stable machine-readable code and a message for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


# The one shape as the OpenAPI document describes it (error_body below builds it).
class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


# Renders an error as a reader page; the reader owns the templates, so it supplies this.
HtmlErrorRenderer = Callable[[Request, "ApiError"], Response]


def install_error_handlers(app: FastAPI, html_error: HtmlErrorRenderer) -> None:
    """Route every failure through `error_response`, so each has the one shape."""

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(request, html_error, error)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        code = HTTPStatus(error.status_code).phrase.lower().replace(" ", "_")
        return error_response(
            request, html_error, ApiError(error.status_code, code, str(error.detail), error.headers)
        )

    async def validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return error_response(request, html_error, ApiError(422, "invalid_request", _describe(error)))

    async def cursor_error(request: Request, error: Exception) -> Response:
        return error_response(request, html_error, ApiError(400, "invalid_cursor", str(error)))

    async def store_error(request: Request, error: Exception) -> Response:
        log.error("store failure: %s", error)
        return error_response(request, html_error, ApiError(503, "store_unavailable", str(error)))

    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected failure on %s", request.url.path)
        return error_response(
            request, html_error, ApiError(500, "internal_error", "something went wrong on our side")
        )

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(InvalidCursor, cursor_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, unexpected)


def error_body(error: ApiError) -> dict[str, dict[str, str]]:
    return {"error": {"code": error.code, "message": error.message}}


def error_response(request: Request, html_error: HtmlErrorRenderer, error: ApiError) -> Response:
    """The error as JSON, or as a reader page for a browser asking for one."""
    if _wants_html(request):
        response = html_error(request, error)
    else:
        response = JSONResponse(error_body(error), status_code=error.status)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/feeds/", "/openapi.json")):
        return False
    return "text/html" in request.headers.get("accept", "")


def _describe(error: RequestValidationError) -> str:
    """The first few problems, each as `where: what` (query.limit: Input should be ...)."""
    problems = []
    for problem in error.errors()[:3]:
        where = ".".join(str(part) for part in problem.get("loc", ()))
        problems.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(problems) or "the request is not valid"
