"""The progress line over documents being processed, on stderr when it is a terminal.

Imported by the commands that process documents when they run: `--help` needs none of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from newsbite.cli.common import errors
from newsbite.errors import NewsBiteError
from newsbite.model import Article

if TYPE_CHECKING:  # (the intake brings the store; `newsbite bite` needs neither)
    from newsbite.intake import IntakeReport, ProgressListener


class _RateColumn(ProgressColumn):
    """Documents a second since the start: the pipeline yields in batches, so recent-sample speeds jump."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = f"{task.completed / elapsed:,.1f}" if task.completed and elapsed > 0 else "-"
        return Text(f"{rate} docs/s", style="cyan")


def _progress_line() -> Progress:
    """A transient progress line on stderr, shown only when it is a terminal."""
    columns = (
        SpinnerColumn(),
        TextColumn("processing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        _RateColumn(),
        TextColumn("{task.fields[tally]}", style="dim"),
    )
    # Redrawn on each update rather than by rich's refresh thread: a process that has started a
    # thread allocates more slowly for the rest of its life (see newsbite.timelimit), and the
    # parse allocates a great deal.
    return Progress(
        *columns, console=errors, transient=True, disable=not errors.is_terminal, auto_refresh=False
    )


def with_progress(outcomes: Iterable[Article | NewsBiteError]) -> Iterator[Article | NewsBiteError]:
    """The outcomes, counted on a progress line."""
    with _progress_line() as progress:
        task = progress.add_task("documents", total=None, tally="")
        for outcome in outcomes:
            progress.update(task, advance=1, refresh=True)
            yield outcome


@contextmanager
def intake_progress() -> Iterator[ProgressListener]:
    """A listener that shows an intake's documents on a progress line, with what it stored so far."""
    with _progress_line() as progress:
        task = progress.add_task("documents", total=None, tally="")

        def on_progress(outcome: Article | NewsBiteError, report: IntakeReport) -> None:
            tally = f"{report.added} added, {report.updated} updated, {len(report.failures)} failed"
            progress.update(task, advance=1, tally=tally, refresh=True)

        yield on_progress
