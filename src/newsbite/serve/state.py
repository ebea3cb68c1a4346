"""What every request shares: the settings, the open store, and the intake (built on first use)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.fetch import Fetcher
from newsbite.ingest.posted import posted_document
from newsbite.ingest.web import documents_from_url
from newsbite.intake import Intake
from newsbite.model import Article, Document
from newsbite.registry import PipelineOrderError
from newsbite.serve.errors import ApiError
from newsbite.serve.rate_limits import RateLimits
from newsbite.store import AddOutcome, Store, StoreError
from newsbite.watch import Watcher

log = logging.getLogger("newsbite.serve")


@dataclass
class ServerState:
    settings: Settings
    store: Store
    # One fetcher for every posted URL, so that its per-host limits hold across requests.
    fetcher: Fetcher = field(init=False)
    intake: Intake = field(init=False)
    # How often each client may write and fail to authenticate (serve/rate_limits.py); a login
    # route takes its limiter from here too.
    rate_limits: RateLimits = field(init=False)
    # One document at a time through the intake: spaCy's pipelines are not documented as
    # thread-safe, and the merge has one writer.
    _taking_in: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.fetcher = Fetcher(self.settings)
        self.intake = Intake(self.store, self.settings)
        self.rate_limits = RateLimits(self.settings)

    def close(self) -> None:
        self.fetcher.close()

    def take_in(self, posted: dict[str, Any]) -> tuple[Article, AddOutcome]:
        """The posted document (`text` or `html`, else fetched from its `url`) processed, stored and
        merged: the article and what storing did; raises the NewsBiteError that stopped it."""
        document: Document | NewsBiteError
        if posted.get("text") or posted.get("html"):
            document = posted_document(posted, posted.get("url") or "posted document")
        else:
            document = next(iter(documents_from_url(posted["url"], self.settings, self.fetcher)), None)
            if document is None:
                raise ApiError(
                    422, "unprocessable", f"{posted['url']} holds no document (an empty feed or list)"
                )
        if isinstance(document, NewsBiteError):
            raise document
        with self._taking_in:
            try:
                return self.intake.take_in_one(document)
            except PipelineOrderError as error:
                # Built on the first POST, so that a reader-only server never imports the stages
                # (spaCy and all); a bad `stages` setting is the server's fault, said as such.
                log.error("the pipeline cannot be built: %s", error)
                raise ApiError(
                    503, "pipeline_unavailable", f"the server's pipeline cannot be built: {error}"
                ) from None

    def poll_new_feed(self, feed_url: str) -> None:
        """The first poll of a feed a reader has just followed, through the intake (run after the
        answer, so the page does not wait for the feed's articles); `watch` polls it after."""
        source = self.store.feeds.get(feed_url)
        if source is None:
            return
        with self._taking_in:
            try:
                Watcher(self.store, self.settings, self.fetcher, pipeline=self.intake.pipeline).poll(source)
            except (PipelineOrderError, StoreError) as error:
                log.error("%s: not polled now (watch will): %s", feed_url, error)


async def server_state(request: Request) -> ServerState:
    """The app's state, for route dependencies."""
    state: ServerState = request.app.state.newsbite
    return state
