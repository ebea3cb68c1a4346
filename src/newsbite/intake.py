"""The one trip of an article into the store: documents -> pipeline -> store -> merge.

Every entrance takes this trip and none repeats it: `newsbite ingest` and `newsbite run`, each
feed poll of `newsbite watch`, the API's POST, and `newsbite batch --store` (whose articles were
processed on the workers, so they join at the store). Articles are stored a transaction's worth
at a time and merged into their items and stories after each, so an interrupted intake keeps
what it stored; a document that fails is reported with its reason and the rest go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Document
from newsbite.pipeline import Pipeline, in_batches
from newsbite.store import AddOutcome, Store, StoredMerge

# Articles stored in one transaction: big enough to amortise the commit, small enough that an
# interrupted intake loses little work.
STORE_BATCH = 64


@dataclass
class IntakeReport:
    """What an intake did: articles added, updated and unchanged, and the documents that failed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[NewsBiteError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        """Every document taken in, failed or stored."""
        return self.added + self.updated + self.unchanged + len(self.failures)

    def count(self, outcomes: Iterable[AddOutcome]) -> None:
        for outcome in outcomes:
            setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def summary(self) -> str:
        """One line: `27 added, 0 updated, 0 unchanged, 0 failed in 4.0 s, 6.8 documents/s`."""
        counts = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
        rate = f", {self.documents / self.seconds:,.1f} documents/s" if self.seconds > 0 else ""
        return f"{counts}{len(self.failures)} failed in {self.seconds:,.1f} s{rate}"


# Told of each document as it comes out of the pipeline, with the report so far.
ProgressListener = Callable[[Article | NewsBiteError, IntakeReport], None]


class Intake:
    """Takes documents into one store; keep one per process (it holds the merge's memory state).

    The pipeline (spaCy and all) is built on the first document, and the merge state read on the
    first store, so an intake made at start-up costs nothing until it is used.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        pipeline: Pipeline | None = None,
        workers: int = 1,
        batch_size: int = STORE_BATCH,
    ) -> None:
        self.store = store
        self.settings = settings
        self.workers = workers
        self.batch_size = batch_size
        self._pipeline = pipeline
        self._merge: StoredMerge | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def take_in(
        self,
        documents: Iterable[Document | NewsBiteError],
        on_progress: ProgressListener | None = None,
        *,
        feed_url: str | None = None,
    ) -> IntakeReport:
        """Process, store and merge every document; the report. A store failure (StoreError)
        stops the intake, keeping what earlier transactions stored; StageNotPortable is raised
        before any work when `workers` > 1 and a stage cannot run in worker processes.
        `feed_url` names the feed the documents came from, kept with each article."""
        report = IntakeReport()
        began = time.monotonic()
        for batch in in_batches(self._processed(documents, report, on_progress), self.batch_size):
            report.failures += [outcome for outcome in batch if isinstance(outcome, NewsBiteError)]
            stored = [outcome for outcome in batch if isinstance(outcome, Article)]
            report.count(self.store_articles(stored, feed_url=feed_url))
            report.seconds = time.monotonic() - began
        report.seconds = time.monotonic() - began
        return report

    def take_in_one(self, document: Document) -> tuple[Article, AddOutcome]:
        """One document processed, stored and merged: the article and what storing did; raises the
        NewsBiteError that stopped it."""
        article = self.pipeline.process(document)
        [outcome] = self.store_articles([article])
        return article, outcome

    def store_articles(self, articles: Sequence[Article], *, feed_url: str | None = None) -> list[AddOutcome]:
        """Processed articles stored in one transaction (with the feed that carried them), then
        merged; what storing did to each."""
        if not articles:
            return []
        outcomes = self.store.add(articles, feed_url=feed_url)
        if self._merge is None:
            self._merge = StoredMerge(self.store, self.settings)
        self._merge.run()
        return outcomes

    def _processed(
        self,
        documents: Iterable[Document | NewsBiteError],
        report: IntakeReport,
        on_progress: ProgressListener | None,
    ) -> Iterator[Article | NewsBiteError]:
        for outcome in self.pipeline.run(documents, self.workers):
            if on_progress:
                on_progress(outcome, report)
            yield outcome
