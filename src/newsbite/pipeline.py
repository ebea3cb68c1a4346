"""The pipeline: a line of registered stages over one Article, checked in order when built.

Each stage names the Article fields it needs and the ones it sets (as spaCy's components declare
`requires` and `assigns`); `Pipeline` refuses an order in which a stage needs what no earlier
stage sets. Built-in stages register through `register_stage` exactly as an outside one would.
`Pipeline.run` is what the CLI, the server and batch runs all call: it turns documents into
articles and yields a NewsBiteError in place of any document that fails, so one bad document
never stops a run.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from typing import Any

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Document

StageFunction = Callable[[Article, Settings], Article]
BatchStageFunction = Callable[[Sequence[Article], Settings], list[Article]]

# What the clean step sets on every article before any registered stage runs.
CLEANED_FIELDS = frozenset(spec.name for spec in fields(Article)) - {"sentences", "bite", "analysis"}


@dataclass(frozen=True)
class Stage:
    """A named step from Article to Article, with the fields it reads and writes."""

    name: str
    function: StageFunction | BatchStageFunction
    needs: frozenset[str]
    sets: frozenset[str]
    # A batched stage takes a list of articles and returns them in order (as spaCy's `pipe`).
    batched: bool = False

    def apply(self, articles: Sequence[Article], settings: Settings) -> list[Article]:
        """The stage over several articles, batched or one at a time."""
        if self.batched:
            return self.function(articles, settings)  # type: ignore[arg-type,return-value]
        return [self.function(article, settings) for article in articles]  # type: ignore[arg-type,misc]


class StageFailed(NewsBiteError):
    """A stage raised something other than a NewsBiteError on one article (a bug, reported per article)."""


class PipelineOrderError(ValueError):
    """A pipeline was built with an unknown stage, or a stage before the ones it needs."""


_REGISTRY: dict[str, Stage] = {}


def register_stage(
    name: str, *, needs: Iterable[str], sets: Iterable[str], batched: bool = False
) -> Callable[[Any], Any]:
    """Decorator registering a stage as `name`.

    The function is `function(article, settings) -> article`, or with `batched=True`
    `function(articles, settings) -> articles`, for stages that gain from seeing many at once.
    """

    def register(function: Any) -> Any:
        if name in _REGISTRY:
            raise ValueError(f"a stage named {name!r} is already registered")
        _REGISTRY[name] = Stage(name, function, frozenset(needs), frozenset(sets), batched)
        return function

    return register


def registered_stages() -> dict[str, Stage]:
    """Every registered stage by name, built-ins included."""
    _load_builtin_stages()
    return dict(_REGISTRY)


DEFAULT_STAGES = ("understand", "bite")


class Pipeline:
    """Clean, then the given stages in order, over a stream of documents."""

    def __init__(self, settings: Settings, stage_names: Sequence[str] = DEFAULT_STAGES) -> None:
        available = registered_stages()
        unknown = [name for name in stage_names if name not in available]
        if unknown:
            raise PipelineOrderError(
                f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(sorted(available))}"
            )
        self.settings = settings
        self.stages = [available[name] for name in stage_names]
        _check_order(self.stages)

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
            yield from self._run_in_processes(documents, workers)
            return
        for batch in _batches(documents, self.settings.nlp_batch_size):
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
            for batch in _batches(documents, self.settings.nlp_batch_size):
                in_flight.append((pool.submit(batch), batch))
                if len(in_flight) >= 2 * workers:
                    yield from pool.collect(in_flight)
            while in_flight:
                yield from pool.collect(in_flight)
        finally:
            pool.shutdown()

    def _run_batch(self, documents: Sequence[Document | NewsBiteError]) -> list[Article | NewsBiteError]:
        results: list[Article | NewsBiteError] = [
            document if isinstance(document, NewsBiteError) else _clean(document) for document in documents
        ]
        for stage in self.stages:
            live = [index for index, result in enumerate(results) if isinstance(result, Article)]
            articles = [results[index] for index in live]
            try:
                outputs: list[Article | NewsBiteError] = list(stage.apply(articles, self.settings))  # type: ignore[arg-type]
            except Exception:
                # One article broke the batch: run them one by one, so only that one fails.
                outputs = [self._apply_one(stage, article) for article in articles]  # type: ignore[arg-type]
            for index, output in zip(live, outputs, strict=True):
                results[index] = output
        return results

    def _apply_one(self, stage: Stage, article: Article) -> Article | NewsBiteError:
        try:
            return stage.apply([article], self.settings)[0]
        except NewsBiteError as error:
            return error
        except Exception as error:
            return StageFailed(article.origin, f"stage {stage.name!r} failed: {error!r}")


def _batches(
    documents: Iterable[Document | NewsBiteError], size: int
) -> Iterator[list[Document | NewsBiteError]]:
    batch: list[Document | NewsBiteError] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


Outcomes = list[Article | NewsBiteError]
_InFlight = tuple[Future[Outcomes], list[Document | NewsBiteError]]  # a batch and its results to come


class _WorkerPool:
    """Spawned processes (not forked: a fork of a process that has loaded spaCy or started
    threads is not safe), each with its own pipeline, replaced when one dies."""

    def __init__(self, workers: int, settings: Settings, stage_names: list[str]) -> None:
        self._arguments = (workers, settings, stage_names)
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, settings, stage_names = self._arguments
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
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


_WORKER_PIPELINE: Pipeline | None = None


def _start_worker(settings: Settings, stage_names: list[str]) -> None:
    global _WORKER_PIPELINE
    # Ctrl+C is the parent's to handle: a worker stops when the parent shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_PIPELINE = Pipeline(settings, stage_names)


def _run_in_worker(batch: list[Document | NewsBiteError]) -> list[Article | NewsBiteError]:
    assert _WORKER_PIPELINE is not None, "the worker was started without a pipeline"
    return _WORKER_PIPELINE._run_batch(batch)


def _clean(document: Document) -> Article | NewsBiteError:
    try:
        return clean_document(document)
    except NewsBiteError as error:
        return error
    except Exception as error:  # a bug (ours or a library's) costs this document, not the run
        return StageFailed(document.origin, f"stage 'clean' failed: {error!r}")


def _check_order(stages: Sequence[Stage]) -> None:
    available = set(CLEANED_FIELDS)
    for stage in stages:
        missing = stage.needs - available
        if missing:
            raise PipelineOrderError(
                f"stage {stage.name!r} needs {', '.join(sorted(missing))}, which no earlier stage sets"
            )
        available |= stage.sets


def _load_builtin_stages() -> None:
    # Imported for its registrations; late so that stage modules can import this one.
    import newsbite.stages  # noqa: F401
