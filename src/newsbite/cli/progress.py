"""The progress line over documents being processed, on stderr when it is a terminal.

Imported by the commands that process documents when they run: `--help` needs none of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

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


class _RateColumn(ProgressColumn):
    """Documents a second since the start: the pipeline yields in batches, so recent-sample speeds jump."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = f"{task.completed / elapsed:,.1f}" if task.completed and elapsed > 0 else "-"
        return Text(f"{rate} docs/s", style="cyan")


def with_progress(
    outcomes: Iterable[Article | NewsBiteError], tally: Counter[str] | None = None
) -> Iterator[Article | NewsBiteError]:
    """The outcomes, counted on a progress line on stderr when it is a terminal (with the tally)."""
    if not errors.is_terminal:
        yield from outcomes
        return
    columns = (
        SpinnerColumn(),
        TextColumn("processing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        _RateColumn(),
        TextColumn("{task.fields[tally]}", style="dim"),
    )
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("documents", total=None, tally="")
        for outcome in outcomes:
            summary = ", ".join(f"{count} {name}" for name, count in sorted((tally or {}).items()) if count)
            progress.update(task, advance=1, tally=summary)
            yield outcome
