"""What every request shares: the settings, the open store, and a pipeline built on first use."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.fetch import Fetcher
from newsbite.ingest.records import record_document
from newsbite.ingest.web import documents_from_url
from newsbite.merge.stored import StoredMerge
from newsbite.model import Article, Document
from newsbite.pipeline import Pipeline
from newsbite.store import AddOutcome, Store


@dataclass
class ServerState:
    settings: Settings
    store: Store
    # One fetcher for every posted URL, so that its per-host limits hold across requests.
    fetcher: Fetcher = field(init=False)
    _pipeline: Pipeline | None = None
    # One article at a time through spaCy, whose pipelines are not documented as thread-safe.
    _processing: threading.Lock = field(default_factory=threading.Lock)

    _merge: StoredMerge | None = None

    def __post_init__(self) -> None:
        self.fetcher = Fetcher(self.settings)

    def store_and_merge(self, article: Article) -> AddOutcome:
        """Store an article, then merge it into its item and story (one writer at a time)."""
        [outcome] = self.store.add([article])
        with self._processing:
            if self._merge is None:  # the merge state is read on the first write, not at start-up
                self._merge = StoredMerge(self.store, self.settings)
            self._merge.run()
        return outcome

    def close(self) -> None:
        self.fetcher.close()

    def process(self, posted: dict[str, Any]) -> Article:
        """The article in a posted record (`text` or `html`), else at its `url`; raises what stops it."""
        document: Document | NewsBiteError
        if posted.get("text") or posted.get("html"):
            document = record_document(posted, posted.get("url") or "posted document")
        else:
            document = next(iter(documents_from_url(posted["url"], self.settings, self.fetcher)))
        if isinstance(document, NewsBiteError):
            raise document
        with self._processing:
            if self._pipeline is None:  # loaded (spaCy and all) by the first write, not at start-up
                self._pipeline = Pipeline(self.settings)
            return self._pipeline.process(document)


async def server_state(request: Request) -> ServerState:
    """The app's state, for route dependencies."""
    state: ServerState = request.app.state.newsbite
    return state
