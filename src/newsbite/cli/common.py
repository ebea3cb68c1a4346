"""What every command shares: the stderr console, the exit codes, and settings and store access
that end the command with one line instead of a traceback.

Kept light (typer, rich's console, the settings): every command module imports it, and the
command modules are all imported for `newsbite --help`. The store is imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from newsbite.config import Settings
    from newsbite.pipeline import Pipeline
    from newsbite.store import Store

errors = Console(stderr=True, highlight=False)

EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2
EXIT_STORE = 3

T = TypeVar("T")

# The file the global `--config` option names, for the command being run: set by the `newsbite`
# callback and reset when the command's context closes, so nothing carries over between commands.
config_file: ContextVar[Path | None] = ContextVar("newsbite_config_file", default=None)


def load_settings(**flags: object) -> Settings:
    """The settings: defaults < newsbite.toml (or `newsbite --config FILE`) < NEWSBITE_* variables <
    the command's own `flags` (those given as None were not given). A bad value or file ends the
    command with its reason."""
    from newsbite.config import Settings
    from newsbite.errors import ConfigError

    try:
        return Settings.load(config_file.get()).with_overrides(**flags)
    except ConfigError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None


def configured_pipeline(settings: Settings, workers: int = 1) -> Pipeline:
    """The pipeline of the settings' `stages`; stages that are unknown, out of order, or (with
    `workers` > 1) registered only at run time end the command with one line."""
    from newsbite.pipeline import Pipeline
    from newsbite.registry import PipelineOrderError, StageNotPortable, check_portable

    try:
        pipeline = Pipeline(settings)
        if workers > 1:
            check_portable(pipeline.stages)
    except (PipelineOrderError, StageNotPortable) as error:
        errors.print(f"[red]error:[/red] the pipeline's stages: {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    return pipeline


def open_configured_store(settings: Settings) -> Store:
    """The store NEWSBITE_DATABASE names, migrated; a store failure ends the command."""
    from newsbite.store import open_store

    return store_call(open_store, settings.database_url())


def store_call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """The store call's result; a store failure ends the command with its one-line reason."""
    from newsbite.store import StoreError

    try:
        return function(*args, **kwargs)
    except StoreError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_STORE) from None


def check_embeddings() -> None:
    """Stop before any work when the embedding path is asked for but not installed."""
    from newsbite.bite.embeddings import EmbeddingsUnavailable, load_model

    try:
        load_model()
    except EmbeddingsUnavailable as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None
