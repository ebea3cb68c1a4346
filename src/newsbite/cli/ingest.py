"""Filling the store: `ingest` stores inputs, `run` stores the bundled samples then serves the
reader, `samples` names the folder of bundled samples."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)
from newsbite.cli.serve import HostOption, PortOption, serve_reader
from newsbite.config import Settings

if TYPE_CHECKING:
    from newsbite.errors import NewsBiteError
    from newsbite.store import Store

# Articles stored in one transaction: big enough to amortise the commit, small enough that an
# interrupted ingest loses little work.
INGEST_BATCH = 64

U = TypeVar("U")


def samples_path() -> Path:
    """The folder of sample news bundled with the package."""
    return Path(str(files("newsbite") / "samples"))


def sample_inputs() -> list[Path]:
    """The bundled samples in each input format: text dumps, HTML pages, JSONL records."""
    folder = samples_path()
    return [folder / "text", folder / "html", folder / "records.jsonl"]


def run(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    serve_reader_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the reader after ingesting.")
    ] = True,
) -> None:
    """The main job: ingest the bundled sample news into the store, then serve the reader.

    The store is NEWSBITE_DATABASE, by default a SQLite file in your data directory; running it
    again adds nothing twice. The reader runs until Ctrl+C.
    """
    settings = load_settings()
    store = open_configured_store(settings)
    failed = _ingest([str(path) for path in sample_inputs()], settings, store)
    if failed or not serve_reader_after:
        raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)
    serve_reader(host, port, workers=1)


def samples() -> None:
    """Print the folder of bundled sample news (to feed to `newsbite bite`)."""
    typer.echo(samples_path())


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, http(s) URLs, or - for standard input.", metavar="INPUT..."),
    ],
    workers: Annotated[
        int, typer.Option(min=1, help="Processes running the pipeline (each loads spaCy once).")
    ] = 1,
) -> None:
    """Process each input and keep the articles in the store (NEWSBITE_DATABASE).

    Ingesting the same article again changes nothing; an article whose URL is known but whose
    text changed is updated. Prints how many were added, updated, unchanged and failed, with the
    reason for each failure; the exit status is 1 when any failed.
    """
    settings = load_settings()
    failed = _ingest(inputs, settings, open_configured_store(settings), workers)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _ingest(inputs: list[str], settings: Settings, store: Store, workers: int = 1) -> int:
    """Process and store every input with a progress line and a summary; how many failed."""
    from newsbite.cli.progress import with_progress
    from newsbite.errors import NewsBiteError
    from newsbite.ingest import read_inputs
    from newsbite.merge.stored import StoredMerge
    from newsbite.model import Article
    from newsbite.pipeline import Pipeline

    tally: Counter[str] = Counter()
    failures: list[NewsBiteError] = []
    began = time.monotonic()
    merge = StoredMerge(store, settings)
    try:
        processed = Pipeline(settings).run(read_inputs(inputs, settings), workers)
        outcomes = with_progress(processed, tally)
        for batch in _batches(outcomes, INGEST_BATCH):
            failures += [outcome for outcome in batch if isinstance(outcome, NewsBiteError)]
            tally["failed"] = len(failures)
            articles = [outcome for outcome in batch if isinstance(outcome, Article)]
            tally.update(outcome.value for outcome in store_call(store.add, articles))
            store_call(merge.run)
    except KeyboardInterrupt:
        errors.print("interrupted: what was stored before this batch is kept")
        raise typer.Exit(130) from None
    _print_ingest_summary(store.name, tally, failures, time.monotonic() - began)
    return len(failures)


def _batches(items: Iterable[U], size: int) -> Iterator[list[U]]:
    batch: list[U] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _print_ingest_summary(
    database: str, tally: Counter[str], failures: list[NewsBiteError], seconds: float
) -> None:
    for failure in failures:
        errors.print(f"[red]failed:[/red] {escape(str(failure))}", soft_wrap=True)
    counts = ", ".join(f"{tally[name]} {name}" for name in ("added", "updated", "unchanged", "failed"))
    documents = sum(tally[name] for name in ("added", "updated", "unchanged", "failed"))
    rate = f"{documents / seconds:,.1f} documents/s" if seconds > 0 else ""
    errors.print(f"{counts} in {seconds:,.1f} s, {rate} [dim]({escape(database)})[/dim]", soft_wrap=True)
