"""What every command shares: the stderr console, the exit codes, and settings and store access
that end the command with one line instead of a traceback.

Kept light (typer, rich's console, the settings): every command module imports it, and the
command modules are all imported for `newsbite --help`. The store is imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from newsbite.config import Settings

if TYPE_CHECKING:
    from newsbite.store import Store

errors = Console(stderr=True, highlight=False)

EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2
EXIT_STORE = 3

T = TypeVar("T")


def load_settings() -> Settings:
    """The settings from the environment; a bad value ends the command with its reason."""
    try:
        return Settings.from_env()
    except ValueError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None


def open_configured_store(settings: Settings) -> Store:
    """The store NEWSBITE_DATABASE names, migrated; a store failure ends the command."""
    from newsbite.store import database_url, open_store

    return store_call(open_store, database_url(settings))


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
