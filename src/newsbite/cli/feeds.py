"""`newsbite feeds`: the feed list `newsbite watch` polls (add, list, remove, import, export)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    EXIT_USAGE,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)

if TYPE_CHECKING:
    from newsbite.ingest import Fetcher
    from newsbite.store import Store

app = typer.Typer(
    help="The feeds `newsbite watch` polls: add, list, remove, import and export (OPML).",
    no_args_is_help=True,
)


class FeedListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command("add")
def feeds_add(
    urls: Annotated[
        list[str], typer.Argument(help="Feed URLs, or pages that advertise a feed.", metavar="URL...")
    ],
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Fetch each URL first, to find and check its feed.")
    ] = True,
) -> None:
    """Subscribe to feeds. A page's URL subscribes to the feed it advertises (<link rel="alternate">)."""
    from newsbite.errors import FetchError, NewsBiteError
    from newsbite.ingest import Fetcher
    from newsbite.store import utc_stamp

    settings = load_settings()
    store = open_configured_store(settings)
    failed = 0
    with Fetcher(settings) as fetcher:
        for url in urls:
            try:
                feed_url, title, others = _checked_feed(url, fetcher) if check else (url.strip(), None, [])
            except NewsBiteError as error:
                failed += 1
                hint = " [dim](--no-check adds it unchecked)[/dim]" if isinstance(error, FetchError) else ""
                errors.print(f"[red]not added:[/red] {escape(str(error))}{hint}", soft_wrap=True)
                continue
            added = store_call(store.feeds.add, feed_url, utc_stamp(), title=title)
            shown = f"{escape(feed_url)}" + (f" ({escape(title)})" if title else "")
            errors.print(f"{'added' if added else 'already listed'}: {shown}", soft_wrap=True)
            for other in others:
                errors.print(f"  the page also advertises {escape(other)}", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _checked_feed(url: str, fetcher: Fetcher) -> tuple[str, str | None, list[str]]:
    from newsbite.errors import FeedError
    from newsbite.ingest.feeds import find_feed
    from newsbite.ingest.web import is_url

    if not is_url(url):
        raise FeedError(url, "not an http(s) URL")
    feed_url, feed, others = find_feed(url, fetcher)
    return feed_url, feed.title, others


@app.command("list")
def feeds_list(
    output_format: Annotated[
        FeedListFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = FeedListFormat.TEXT,
) -> None:
    """Print every feed with its health: last success, last error and its reason, next poll."""
    from newsbite.render.feeds import render_feed_table

    sources = store_call(open_configured_store(load_settings()).feeds.all)
    if output_format is FeedListFormat.JSON:
        typer.echo(json.dumps([source.as_dict() for source in sources], indent=2, ensure_ascii=False))
        return
    if not sources:
        errors.print(
            "no feeds yet: add one with `newsbite feeds add URL` or `newsbite feeds import --starter`"
        )
        return
    Console(highlight=False).print(render_feed_table(sources))


@app.command("remove")
def feeds_remove(
    urls: Annotated[list[str], typer.Argument(help="Feed URLs as listed.", metavar="URL...")],
) -> None:
    """Unsubscribe from feeds (their stored articles stay)."""
    store = open_configured_store(load_settings())
    missing = [url for url in urls if not store_call(store.feeds.remove, url)]
    for url in missing:
        errors.print(f"[red]error:[/red] {escape(url)} is not in the feed list", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if missing else 0)


@app.command("import")
def feeds_import(
    path: Annotated[Path | None, typer.Argument(help="An OPML file.", metavar="FILE.opml")] = None,
    starter: Annotated[
        bool,
        typer.Option("--starter", help="Import the starter list of public news feeds shipped with NewsBite."),
    ] = False,
) -> None:
    """Subscribe to every feed of an OPML file (as feed readers export them)."""
    from newsbite.ingest.opml import starter_opml

    if (path is None) == (not starter):
        errors.print("[red]error:[/red] give an OPML file or --starter (one of them)")
        raise typer.Exit(EXIT_USAGE)
    added, listed = import_opml(path or starter_opml(), open_configured_store(load_settings()))
    errors.print(f"{added} added, {listed} already listed")


def import_opml(path: Path, store: Store) -> tuple[int, int]:
    """Subscribe to an OPML file's feeds: how many were added and how many were already listed.

    A file that cannot be read or parsed ends the command with one line.
    """
    from newsbite.errors import NewsBiteError
    from newsbite.ingest.opml import read_opml
    from newsbite.store import utc_stamp

    try:
        listed = read_opml(path.read_bytes(), str(path))
    except OSError as error:
        errors.print(f"[red]error:[/red] {escape(str(path))}: cannot be read ({error.strerror or error})")
        raise typer.Exit(EXIT_USAGE) from None
    except NewsBiteError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    now = utc_stamp()
    added = sum(store_call(store.feeds.add, feed.url, now, title=feed.title) for feed in listed)
    return added, len(listed) - added


@app.command("export")
def feeds_export() -> None:
    """Print the feed list as OPML 2.0, for another feed reader or another NewsBite."""
    from newsbite.ingest.opml import ListedFeed, write_opml

    sources = store_call(open_configured_store(load_settings()).feeds.all)
    typer.echo(write_opml([ListedFeed(source.url, source.title) for source in sources]), nl=False)
