"""The stage registry: every stage the pipeline can run, by name, with what it reads and writes.

Stages register with `register_stage`, as spaCy's components register with `Language.factory`.
Built-in stages and other packages' stages alike are found through the `newsbite.stages` entry
point group (pyproject's `[project.entry-points."newsbite.stages"]`): loading the group imports the
modules that register them. A spawned worker process or a Dask worker loads the same group, so it
builds the same pipeline as the process that started it. A stage registered only at run time (a
decorator in a script) exists in one process: `check_portable` refuses it for worker runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from importlib.metadata import entry_points
from typing import Any

from newsbite.config import Settings
from newsbite.model import Article

ENTRY_POINT_GROUP = "newsbite.stages"

# The raw document a pipeline starts from: the one "field" a stage such as clean reads in place of
# an article's. A stage that needs it takes a Document and makes the Article.
DOCUMENT = "document"

# What the clean stage sets: every field of an Article but those later stages fill in.
CLEANED_FIELDS = frozenset(spec.name for spec in fields(Article)) - {"sentences", "bite", "analysis"}

StageFunction = Callable[[Any, Settings], Any]


@dataclass(frozen=True)
class Stage:
    """A named step over articles (or, needing `document`, from documents to articles)."""

    name: str
    function: StageFunction
    needs: frozenset[str]
    sets: frozenset[str]
    # A batched stage takes a list and returns its results in order (as spaCy's `pipe`).
    batched: bool = False

    @property
    def reads_documents(self) -> bool:
        """Whether the stage turns raw documents into articles (the pipeline's first stage)."""
        return DOCUMENT in self.needs

    @property
    def module(self) -> str:
        """The module that defines the stage, which a worker process imports to register it."""
        return str(getattr(self.function, "__module__", ""))

    def apply(self, items: Sequence[Any], settings: Settings) -> list[Any]:
        """The stage over several items, batched or one at a time."""
        if self.batched:
            return list(self.function(items, settings))
        return [self.function(item, settings) for item in items]


class PipelineOrderError(ValueError):
    """A pipeline was asked for an unknown stage, or a stage before the ones it needs."""


class StageNotPortable(ValueError):
    """A stage registered only at run time was asked to run in worker processes, which cannot
    see it (they register stages from the `newsbite.stages` entry points)."""


_REGISTRY: dict[str, Stage] = {}


def register_stage(
    name: str, *, needs: Iterable[str], sets: Iterable[str], batched: bool = False
) -> Callable[[Any], Any]:
    """Decorator registering `function(article, settings) -> article` as the stage `name`.

    With `batched=True` it is `function(articles, settings) -> articles`, for stages that gain from
    seeing many at once. A stage that needs `document` takes a raw Document and returns its Article.
    Registering a second stage under a taken name raises ValueError.
    """

    def register(function: Any) -> Any:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"a stage named {name!r} is already registered")
        _REGISTRY[name] = Stage(name, function, frozenset(needs), frozenset(sets), batched)
        return function

    return register


def registered_stages() -> dict[str, Stage]:
    """Every registered stage by name: the entry points' (built-ins included) and this process's.
    An entry point that fails to load is left out (`stages_named` says why when it is asked for)."""
    _load_entry_points()
    return dict(_REGISTRY)


def _load_entry_points() -> dict[str, str]:
    """Each entry point that failed to load, by name, with why; the others are registered."""
    failed = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            entry_point.load()  # imported for its registrations; Python imports each module once
        except Exception as error:  # another package's bug must not stop the stages that work
            failed[entry_point.name] = f"{entry_point.value}: {type(error).__name__}: {error}"
    return failed


def stages_named(names: Sequence[str]) -> list[Stage]:
    """The stages in order, checked: raises PipelineOrderError naming an unknown stage (and any
    entry point that failed to load) or a stage whose needs no earlier stage sets."""
    failed = _load_entry_points()
    available = dict(_REGISTRY)
    unknown = [name for name in names if name not in available]
    if unknown:
        broken = "".join(f"; entry point {name!r} failed to load ({why})" for name, why in failed.items())
        raise PipelineOrderError(
            f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(sorted(available))}{broken}"
        )
    stages = [available[name] for name in names]
    _check_order(stages)
    return stages


def check_portable(stages: Sequence[Stage]) -> None:
    """Raises StageNotPortable for the first stage that worker processes could not register."""
    modules = {entry_point.module for entry_point in entry_points(group=ENTRY_POINT_GROUP)}
    for stage in stages:
        # An entry point may name a package whose import registers stages from its submodules.
        if not any(stage.module == module or stage.module.startswith(module + ".") for module in modules):
            raise StageNotPortable(
                f"stage {stage.name!r} was registered at run time (in {stage.module or 'no module'}), "
                f"so worker processes cannot run it: register it through a {ENTRY_POINT_GROUP!r} "
                "entry point, or run in one process"
            )


def _check_order(stages: Sequence[Stage]) -> None:
    if not stages or not stages[0].reads_documents:
        first = f"not {stages[0].name!r}" if stages else "and there is none"
        raise PipelineOrderError(f"the first stage must read documents (as clean does), {first}")
    available = {DOCUMENT}
    for position, stage in enumerate(stages):
        if stage.reads_documents and position:
            raise PipelineOrderError(f"stage {stage.name!r} reads raw documents, so it must come first")
        missing = stage.needs - available
        if missing:
            raise PipelineOrderError(
                f"stage {stage.name!r} needs {', '.join(sorted(missing))}, which no earlier stage sets"
            )
        available = (available - {DOCUMENT}) | stage.sets
