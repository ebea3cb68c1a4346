"""The `newsbite` command: each command parses its options, calls the library, prints.

One module per command group (articles, ingest, stories, batch, watch, serve, feeds), what they
share in common.py; this module assembles them in the order `newsbite --help` lists them. The
command modules import the library inside their commands, so `--help` and `--version` load
neither spaCy, nor the store, nor Dask.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newsbite import __version__
from newsbite.cli import articles, batch, feeds, ingest, serve, stories, watch

app = typer.Typer(
    help="NewsBite: clean, understood, bite-sized news from any input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command()(articles.bite)
app.command()(ingest.run)
app.command()(ingest.samples)
app.command()(ingest.ingest)
app.command()(stories.cluster)
app.command()(batch.batch)
app.command()(watch.watch)
app.command()(serve.serve)
app.command()(stories.stories)
app.command()(stories.story)
app.command("list")(articles.list_articles)
app.command()(articles.search)
app.add_typer(feeds.app, name="feeds")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsbite {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """NewsBite: clean, understood, bite-sized news from any input."""


def main() -> None:
    """Console entry point."""
    app()
