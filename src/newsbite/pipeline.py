"""The pipeline: a line of registered stages over one Article, checked in order when built.

Each stage names the Article fields it needs and the ones it sets (as spaCy's components declare
`requires` and `assigns`); `Pipeline` refuses an order in which a stage needs what no earlier
stage sets. Built-in stages register through `register_stage` exactly as an outside one would.
`Pipeline.run` is what the CLI, the server and batch runs all call: it turns documents into
articles and yields a NewsBiteError in place of any document that fails, so one bad document
never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Document

StageFunction = Callable[[Article, Settings], Article]

# What the clean step sets on every article before any registered stage runs.
CLEANED_FIELDS = frozenset(spec.name for spec in fields(Article)) - {"bite"}


@dataclass(frozen=True)
class Stage:
    """A named step from Article to Article, with the fields it reads and writes."""

    name: str
    function: StageFunction
    needs: frozenset[str]
    sets: frozenset[str]


class StageFailed(NewsBiteError):
    """A stage raised something other than a NewsBiteError on one article (a bug, reported per article)."""


class PipelineOrderError(ValueError):
    """A pipeline was built with an unknown stage, or a stage before the ones it needs."""


_REGISTRY: dict[str, Stage] = {}


def register_stage(
    name: str, *, needs: Iterable[str], sets: Iterable[str]
) -> Callable[[StageFunction], StageFunction]:
    """Decorator registering `function(article, settings) -> article` as the stage `name`."""

    def register(function: StageFunction) -> StageFunction:
        if name in _REGISTRY:
            raise ValueError(f"a stage named {name!r} is already registered")
        _REGISTRY[name] = Stage(name, function, frozenset(needs), frozenset(sets))
        return function

    return register


def registered_stages() -> dict[str, Stage]:
    """Every registered stage by name, built-ins included."""
    _load_builtin_stages()
    return dict(_REGISTRY)


DEFAULT_STAGES = ("bite",)


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
        article = clean_document(document)
        for stage in self.stages:
            try:
                article = stage.function(article, self.settings)
            except NewsBiteError:
                raise
            except Exception as error:
                raise StageFailed(document.origin, f"stage {stage.name!r} failed: {error!r}") from error
        return article

    def run(self, documents: Iterable[Document | NewsBiteError]) -> Iterator[Article | NewsBiteError]:
        """An article, or the error that stopped it, for each document, in order."""
        for document in documents:
            if isinstance(document, NewsBiteError):
                yield document
                continue
            try:
                yield self.process(document)
            except NewsBiteError as error:
                yield error


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
