"""The pipeline: a line of registered stages (newsbite.registry) from a document to its Article.

Each stage names the Article fields it needs and the ones it sets (as spaCy's components declare
`requires` and `assigns`); `Pipeline` refuses an order in which a stage needs what no earlier
stage sets. `Pipeline.run` owns batching and worker processes, and yields a NewsBiteError in place
of any document that fails, so one bad document never stops a run. The intake (newsbite.intake)
and batch runs call it.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from newsbite.config import Settings
from newsbite.errors import DocumentTimedOut, NewsBiteError, StageFailed
from newsbite.model import Article, Document
from newsbite.processes import exit_with_parent, worker_context
from newsbite.registry import Stage, check_portable, stages_named
from newsbite.timelimit import TimeLimitExceeded, time_limit

T = TypeVar("T")

# What flows between stages: a document (before clean), an article, or the error that stopped it.
Outcome = Document | Article | NewsBiteError


class Pipeline:
    """Registered stages in order (clean first), over a stream of documents: those named, else the
    settings' `stages` (clean, understand and bite unless configured otherwise)."""

    def __init__(self, settings: Settings, stage_names: Sequence[str] | None = None) -> None:
        self.settings = settings
        self.stages = stages_named(settings.stage_names if stage_names is None else stage_names)

    def process(self, document: Document) -> Article:
        """The article in one document, through every stage; raises the NewsBiteError that stops it."""
        [result] = self._run_batch([document])
        if isinstance(result, NewsBiteError):
            raise result
        return result

    def run(
        self, documents: Iterable[Document | NewsBiteError], workers: int = 1
    ) -> Iterator[Article | NewsBiteError]:
        """An article, or the error that stopped it, for each document, in order.

        Documents go through in batches of `nlp_batch_size`, so that batched stages (spaCy's
        parse) see many articles at once; results still come out in input order. With
        `workers` > 1 the batches run in that many processes, each loading the stages once.
        """
        if workers > 1:
            check_portable(self.stages)
            yield from self._run_in_processes(documents, workers)
            return
        for batch in in_batches(documents, self.settings.nlp_batch_size):
            yield from self._run_batch(batch)

    def _run_in_processes(
        self, documents: Iterable[Document | NewsBiteError], workers: int
    ) -> Iterator[Article | NewsBiteError]:
        # At most two batches a worker are in flight, so a corpus streams through in bounded
        # memory. A worker that dies (killed for memory, a crash in a library) fails its batch's
        # documents; the other batches in flight go to fresh workers.
        pool = _WorkerPool(workers, self.settings, [stage.name for stage in self.stages])
        in_flight: deque[tuple[Future[list[Article | NewsBiteError]], list[Document | NewsBiteError]]] = (
            deque()
        )
        try:
            for batch in in_batches(documents, self.settings.nlp_batch_size):
                in_flight.append((pool.submit(batch), batch))
                if len(in_flight) >= 2 * workers:
                    yield from pool.collect(in_flight)
            while in_flight:
                yield from pool.collect(in_flight)
        finally:
            pool.shutdown()

    def _run_batch(self, documents: Sequence[Document | NewsBiteError]) -> list[Article | NewsBiteError]:
        results: list[Outcome] = list(documents)
        for stage in self.stages:
            live = [index for index, result in enumerate(results) if not isinstance(result, NewsBiteError)]
            outputs = self._apply(stage, [results[index] for index in live])  # type: ignore[misc]
            for index, output in zip(live, outputs, strict=True):
                results[index] = output
        return results  # type: ignore[return-value]  (the order check ends every line in articles)

    def _apply(self, stage: Stage, items: list[Document | Article]) -> list[Article | NewsBiteError]:
        """The stage's result for each item: an Article, or the error that stopped that item."""
        if stage.batched:
            try:
                with time_limit(self._batch_time_limit(len(items))):
                    outputs = stage.apply(items, self.settings)
                if len(outputs) == len(items):
                    return [
                        _checked(stage, item, output) for item, output in zip(items, outputs, strict=True)
                    ]
            except TimeLimitExceeded:
                if len(items) == 1:  # nothing to tell apart: running it again would cost as much
                    return [self._timed_out(stage, items[0])]
            except Exception:
                pass
            # One item broke the batch or held it past its time: run them one by one below, so
            # that only that one fails.
        return [self._apply_one(stage, item) for item in items]

    def _apply_one(self, stage: Stage, item: Document | Article) -> Article | NewsBiteError:
        try:
            with time_limit(self._time_limit()):
                [output] = stage.apply([item], self.settings)
        except NewsBiteError as error:
            return error
        except TimeLimitExceeded:
            return self._timed_out(stage, item)
        except Exception as error:  # a bug (ours or a library's) costs this document, not the run
            return StageFailed(item.origin, f"stage {stage.name!r} failed: {error!r}")
        return _checked(stage, item, output)

    def _time_limit(self) -> float | None:
        """Seconds a stage may take over one document: the setting (None for no limit)."""
        limit = self.settings.document_timeout_seconds
        return limit if limit > 0 else None

    def _batch_time_limit(self, documents: int) -> float | None:
        """Seconds a batched stage may take over `documents`: one document's limit and a tenth of
        it for each other. A batch of news parses in seconds, so this is reached only when one
        document runs away, and then it costs at most 2.5 limits for a batch of 16, not 16."""
        limit = self._time_limit()
        return limit * (1 + (documents - 1) / 10) if limit else None

    def _timed_out(self, stage: Stage, item: Document | Article) -> DocumentTimedOut:
        return DocumentTimedOut(
            item.origin,
            f"stage {stage.name!r} took longer than {self.settings.document_timeout_seconds:g} s"
            " (document_timeout_seconds); the document was given up",
        )


def in_batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (at least one), the last one shorter; nothing for no items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


Outcomes = list[Article | NewsBiteError]
_InFlight = tuple[Future[Outcomes], list[Document | NewsBiteError]]  # a batch and its results to come


class _WorkerPool:
    """Spawned processes (not forked: a fork of a process that has loaded spaCy or started
    threads is not safe), each with its own pipeline, replaced when one dies, and ending when
    this process does, even killed outright."""

    def __init__(self, workers: int, settings: Settings, stage_names: list[str]) -> None:
        self._arguments = (workers, settings, stage_names)
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, settings, stage_names = self._arguments
        return ProcessPoolExecutor(
            workers,
            mp_context=worker_context(),
            initializer=_start_worker,
            initargs=(settings, stage_names),
        )

    def submit(self, batch: list[Document | NewsBiteError]) -> Future[list[Article | NewsBiteError]]:
        return self._executor.submit(_run_in_worker, batch)

    def collect(
        self,
        in_flight: deque[_InFlight],
    ) -> list[Article | NewsBiteError]:
        """The oldest batch's results; its documents failed if its worker died."""
        future, batch = in_flight.popleft()
        try:
            return future.result()
        except BrokenProcessPool as error:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            for index, (_, waiting) in enumerate(in_flight):
                in_flight[index] = (self.submit(waiting), waiting)
            return [_worker_died(document, error) for document in batch]

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _worker_died(document: Document | NewsBiteError, error: BaseException) -> NewsBiteError:
    if isinstance(document, NewsBiteError):
        return document
    return StageFailed(document.origin, f"the worker process running this batch died ({error})")


# The worker process's pipeline, or why it could not be built (reported with every document it is
# given, rather than lost in a broken pool).
_WORKER_PIPELINE: Pipeline | str | None = None


def _start_worker(settings: Settings, stage_names: list[str]) -> None:
    global _WORKER_PIPELINE
    exit_with_parent()
    # Ctrl+C is the parent's to handle: a worker stops when the parent shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER_PIPELINE = Pipeline(settings, stage_names)
    except Exception as error:
        _WORKER_PIPELINE = f"a worker process could not build the pipeline: {type(error).__name__}: {error}"


def _run_in_worker(batch: list[Document | NewsBiteError]) -> list[Article | NewsBiteError]:
    assert _WORKER_PIPELINE is not None, "the worker was started without a pipeline"
    if isinstance(_WORKER_PIPELINE, str):
        return [
            document
            if isinstance(document, NewsBiteError)
            else StageFailed(document.origin, _WORKER_PIPELINE)
            for document in batch
        ]
    return _WORKER_PIPELINE._run_batch(batch)


def _checked(stage: Stage, item: Document | Article, output: object) -> Article | NewsBiteError:
    """The output if it is an Article, else a StageFailed naming the stage (as spaCy names a
    component that returns something other than a Doc)."""
    if isinstance(output, Article):
        return output
    return StageFailed(item.origin, f"stage {stage.name!r} returned {type(output).__name__}, not an Article")
