"""What every request shares: the settings, the open store, and a pipeline built on first use."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.records import record_document
from newsbite.ingest.web import documents_from_url
from newsbite.model import Article, Document
from newsbite.pipeline import Pipeline
from newsbite.store import Store


@dataclass
class ServerState:
    settings: Settings
    store: Store
    _pipeline: Pipeline | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _processing: threading.Lock = field(default_factory=threading.Lock)

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline, loaded (spaCy and all) by the first write rather than at start-up."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings)
            return self._pipeline

    def process(self, url: str | None, record: dict[str, Any]) -> Article:
        """The article in a posted document or at `url`; raises the NewsBiteError that stops it."""
        document: Document | NewsBiteError
        if record:
            document = record_document({**record, **({"url": url} if url else {})}, url or "posted document")
        else:
            assert url is not None
            document = next(iter(documents_from_url(url, self.settings)))
        if isinstance(document, NewsBiteError):
            raise document
        pipeline = self.pipeline
        # One article at a time through spaCy: its pipelines are not documented as thread-safe.
        with self._processing:
            return pipeline.process(document)


async def server_state(request: Request) -> ServerState:
    """The app's state, for route dependencies."""
    state: ServerState = request.app.state.newsbite
    return state
