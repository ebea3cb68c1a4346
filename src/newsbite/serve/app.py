"""The server: the JSON API, the web reader and the feeds over one store, as one FastAPI app.

Every response carries a strict Content-Security-Policy: reader pages load only this server's
stylesheet and its one script (static/reader.js: the keyboard shortcuts and the theme switch),
and run no inline script at all, so even markup that slipped past sanitising could not act.
The API docs page, which is Swagger UI, may run this server's own scripts.

Read routes are `async` and call the store directly: each is a few indexed queries of about a
millisecond, and running them on the event loop measured faster than handing every request to
a thread (bench/serve.py: front page p99 52 ms against 108 ms at 16 clients), where the hop and
the GIL contention of forty threads cost more than the query. Use a worker per core
(`newsbite serve --workers 2`). Writes, which run the pipeline, go to a thread.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from urllib.parse import unquote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsbite import __version__
from newsbite.config import Settings
from newsbite.serve.api import TAGS
from newsbite.serve.api import router as api_router
from newsbite.serve.errors import ApiError, error_response, install_error_handlers
from newsbite.serve.feeds import private_router as private_feeds_router
from newsbite.serve.feeds import router as feeds_router
from newsbite.serve.hosts import HostGuard, is_loopback, public_origin, trusted_hosts
from newsbite.serve.login import router as login_router
from newsbite.serve.rate_limits import RateLimits
from newsbite.serve.reader import reader_templates, render_error, story_bodies
from newsbite.serve.reader import router as reader_router
from newsbite.serve.reading import router as reading_router
from newsbite.serve.sessions import viewer
from newsbite.serve.state import ServerState
from newsbite.serve.subscriptions import router as subscriptions_router
from newsbite.serve.sync.greader import router as greader_router
from newsbite.serve.sync.miniflux import router as miniflux_router
from newsbite.serve.times import ReaderTimes, reader_zone
from newsbite.store import Store, StoreError, open_store_without_migrating

READER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, store: Store | None = None, *, bind_host: str | None = None) -> FastAPI:
    """The app over `store`, else over the store `settings` names, opened at start-up as it is.

    Without a store, the caller must already have opened (and so migrated) it once, as `newsbite
    serve` does before starting its workers, so that no worker migrates again. `bind_host`, the
    address the server listens on, is trusted as a Host unless `trusted_hosts` says otherwise.
    Raises ConfigError for a server setting that cannot be used (`check_server_settings`).
    """
    check_server_settings(settings)  # here, not at start-up in the lifespan, where it would be a traceback
    origin = public_origin(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store or open_store_without_migrating(settings.database_url())
        # The front page's ranks made with this server's half-life now, not by a first visitor; a
        # store that cannot be read or written now says so on each request instead (a 503).
        with suppress(StoreError):
            opened.stories.rank(settings.story_half_life_hours)
        app.state.newsbite = ServerState(settings, opened)
        yield
        app.state.newsbite.close()
        if store is None:
            opened.close()

    app = FastAPIOffline(
        title="NewsBite",
        version=__version__,
        description="News in bites: articles, their bites and analysis, entities, places and feeds.",
        lifespan=lifespan,
        static_url="/static/docs",
        openapi_tags=TAGS,
    )
    if store is not None:
        app.state.newsbite = ServerState(settings, store)
    # With no users, everyone is the local reader: only on loopback. `newsbite serve` refuses to
    # start elsewhere without users; removing the last user while it runs closes it instead.
    app.state.local_reader_allowed = bind_host is None or is_loopback(bind_host)
    app.state.reader_templates = reader_templates(ReaderTimes(reader_zone(settings)))
    app.state.story_bodies = story_bodies()
    app.mount("/static/reader", StaticFiles(directory=STATIC), name="static")
    # Everything that shows or changes a reader's data asks who is asking (serve/sessions.py).
    asking = [Depends(viewer)]
    app.include_router(api_router, dependencies=asking)
    app.include_router(feeds_router, dependencies=asking)
    app.include_router(reader_router, dependencies=asking)
    app.include_router(reading_router, dependencies=asking)
    app.include_router(subscriptions_router, dependencies=asking)
    app.include_router(login_router)
    app.include_router(greader_router)  # an app's GoogleLogin auth says who is asking
    app.include_router(miniflux_router)
    app.include_router(private_feeds_router)  # a secret in the address says who is asking
    # Browsers ask for it on every page; an empty answer keeps a 404 out of their consoles.
    app.add_api_route("/favicon.ico", lambda: Response(status_code=204), include_in_schema=False)
    install_error_handlers(app, render_error)

    def respond(request: Request, error: ApiError) -> Response:
        return error_response(request, render_error, error)

    app.add_middleware(HostGuard, origin=origin, trusted=trusted_hosts(settings, bind_host), respond=respond)
    app.add_middleware(CollapsedSlashes)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: refusals carry the headers too
    return app


def check_server_settings(settings: Settings) -> None:
    """Raises ConfigError naming the first server setting that cannot be used; for a command to
    call before it starts serving, as `create_app` raises the same."""
    public_origin(settings)
    RateLimits(settings)
    reader_zone(settings)


class CollapsedSlashes:
    """Routes `//reader/api/0/token` as `/reader/api/0/token`: apps join their server's address
    and a path with a slash each (newsboat sends `//accounts/ClientLogin` for an address typed
    with a trailing slash). Collapsed in the raw path, before `%2F` is decoded, so that a slash
    an app escaped in a stream's name stays as it sent it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes | None = scope.get("raw_path") if scope["type"] == "http" else None
        if raw and b"//" in raw:
            collapsed = re.sub(rb"/{2,}", b"/", raw)
            scope = {**scope, "raw_path": collapsed, "path": unquote(collapsed.decode("latin-1"))}
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the CSP and its companions to every response (plain ASGI: Starlette's BaseHTTPMiddleware
    costs a task and a queue per request, a fifth of the front page's time in a profile)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith(("/docs", "/redoc", "/static/docs"))
        policy = DOCS_CSP if docs else READER_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)
