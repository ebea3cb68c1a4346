"""`newsbite batch`: clean, understand and bite over a corpus on Dask, into Parquet tables."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    EXIT_USAGE,
    check_embeddings,
    configured_pipeline,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)
from newsbite.limits import PARTITION_SIZE

if TYPE_CHECKING:
    from newsbite.batch.run import PartitionReport
    from newsbite.config import Settings


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL and WARC files (gzip'd or not), folders of them, or fsspec URLs.", metavar="INPUT..."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder the Parquet tables go to.")],
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="LocalCluster worker processes (default: one per core)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="An existing Dask scheduler, e.g. tcp://host:8786.")
    ] = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Documents per task: what a worker holds at once.")
    ] = PARTITION_SIZE,
    store: Annotated[
        bool,
        typer.Option("--store", help="Also load the articles into the store (NEWSBITE_DATABASE) and merge."),
    ] = False,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Group stories by the leads' sentence embeddings too, embedded on the workers "
            "(default: NEWSBITE_STORY_EMBEDDINGS; needs the embeddings extra on every worker).",
        ),
    ] = None,
) -> None:
    """Run the pipeline (clean, understand, bite) over a corpus on Dask, into Parquet tables (docs/batch.md).

    A re-run with the same inputs and --out skips the partitions already written.
    """
    from newsbite.batch.extra import require_batch_extra
    from newsbite.errors import NewsBiteError

    try:
        require_batch_extra()
    except NewsBiteError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    from newsbite.batch.run import dask_client

    settings = load_settings(story_embeddings=embeddings)
    configured_pipeline(settings, workers=2)  # the workers are other processes: check they can build it
    if settings.story_embeddings:
        check_embeddings()
    began = time.monotonic()
    try:
        with dask_client(workers or os.cpu_count() or 1, scheduler) as client:
            errors.print(f"Dask dashboard: {client.dashboard_link}")
            _warn_of_trimming(client)
            reports = _batch_with_progress(client, inputs, out, settings, partition_size)
    except NewsBiteError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    if store:
        _load_batch(out, settings)
    seconds = time.monotonic() - began
    articles = sum(report.articles for report in reports)
    failed = sum(report.failures for report in reports)
    rate = (articles + failed) / seconds if seconds else 0.0
    errors.print(
        f"{articles} articles, {failed} failed, in {len(reports)} partitions, {seconds:,.1f} s, "
        f"{rate:,.1f} documents/s [dim]({escape(str(out))})[/dim]",
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _warn_of_trimming(client: Any) -> None:
    from newsbite.batch.run import MALLOC_TRIM, trimming_workers

    trimming = trimming_workers(client)
    if trimming:
        errors.print(
            f"[yellow]warning:[/yellow] {len(trimming)} worker(s) run with {MALLOC_TRIM} set, which "
            "slows the pipeline by about a fifth: unset it in the workers' Dask settings (docs/batch.md)",
            soft_wrap=True,
        )


def _load_batch(out: Path, settings: Settings) -> None:
    from newsbite.batch.load import load_into_store

    target = open_configured_store(settings)
    tally = store_call(load_into_store, out, target, settings)
    counts = ", ".join(f"{tally[name]} {name}" for name in ("added", "updated", "unchanged"))
    errors.print(f"stored: {counts} [dim]({escape(target.name)})[/dim]", soft_wrap=True)


def _batch_with_progress(
    client: Any, inputs: list[str], out: Path, settings: Settings, partition_size: int
) -> list[PartitionReport]:
    """The partitions' reports, with a bar over the corpus's documents once they are counted."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from newsbite.batch.run import run_batch

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        disable=not errors.is_terminal,
    )
    task = progress.add_task("counting documents", total=None)

    def planned(partitions: int, documents: int) -> None:
        progress.update(task, description=f"processing ({partitions} partitions)", total=documents)

    def done(report: PartitionReport) -> None:
        progress.advance(task, report.articles + report.failures)

    with progress:
        return run_batch(client, inputs, out, settings, partition_size, planned, done)
