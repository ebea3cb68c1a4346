"""Filling the store: `ingest` stores inputs, `run` stores the bundled samples then serves the
reader, `samples` names the folder of bundled samples."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    configured_pipeline,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)
from newsbite.cli.serve import HostOption, PortOption, serve_reader

if TYPE_CHECKING:
    from newsbite.config import Settings
    from newsbite.pipeline import Pipeline
    from newsbite.store import Store


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
    pipeline = configured_pipeline(settings)
    store = open_configured_store(settings)
    failed = _ingest([str(path) for path in sample_inputs()], settings, store, pipeline)
    if failed or not serve_reader_after:
        raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)
    serve_reader(settings, host, port, workers=1)


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
    pipeline = configured_pipeline(settings, workers)
    failed = _ingest(inputs, settings, open_configured_store(settings), pipeline, workers)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _ingest(inputs: list[str], settings: Settings, store: Store, pipeline: Pipeline, workers: int = 1) -> int:
    """Take every input in through the intake, with a progress line and a summary; how many failed."""
    from newsbite.cli.progress import intake_progress
    from newsbite.ingest import read_inputs
    from newsbite.intake import Intake

    intake = Intake(store, settings, pipeline=pipeline, workers=workers)
    try:
        with intake_progress() as on_progress:
            report = store_call(intake.take_in, read_inputs(inputs, settings), on_progress)
    except KeyboardInterrupt:
        errors.print("interrupted: what was stored before this batch is kept")
        raise typer.Exit(130) from None
    for failure in report.failures:
        errors.print(f"[red]failed:[/red] {escape(str(failure))}", soft_wrap=True)
    errors.print(f"{report.summary()} [dim]({escape(store.name)})[/dim]", soft_wrap=True)
    return len(report.failures)
