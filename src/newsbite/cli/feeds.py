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
    from newsbite.store import Reader, Store

app = typer.Typer(
    help="The feeds `newsbite watch` polls, as one user follows them: add, list, remove, import and "
    "export (OPML). A feed is polled once while anyone follows it.",
    no_args_is_help=True,
)

User = Annotated[
    str | None,
    typer.Option("--user", "-u", help="Whose feeds (default: the owner, or the local reader with no users)."),
]


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
    category: Annotated[str | None, typer.Option("--category", help="The folder to list them in.")] = None,
    user: User = None,
) -> None:
    """Subscribe to feeds. A page's URL subscribes to the feed it advertises (<link rel="alternate">)."""
    from newsbite.errors import FetchError, NewsBiteError
    from newsbite.following import follow_url
    from newsbite.ingest import Fetcher
    from newsbite.store import utc_stamp

    settings = load_settings()
    store = open_configured_store(settings)
    reader = whose(store, user)
    failed = 0
    with Fetcher(settings) as fetcher:
        for url in urls:
            try:
                how = fetcher if check else None
                followed = store_call(follow_url, store, reader, url, utc_stamp(), how, category=category)
            except NewsBiteError as error:
                failed += 1
                hint = " [dim](--no-check adds it unchecked)[/dim]" if isinstance(error, FetchError) else ""
                errors.print(f"[red]not added:[/red] {escape(str(error))}{hint}", soft_wrap=True)
                continue
            shown = f"{escape(followed.feed_url)}" + (
                f" ({escape(followed.title)})" if followed.title else ""
            )
            errors.print(f"{'added' if followed.added else 'already followed'}: {shown}", soft_wrap=True)
            for other in followed.others:
                errors.print(f"  the page also advertises {escape(other)}", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


@app.command("list")
def feeds_list(
    output_format: Annotated[
        FeedListFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = FeedListFormat.TEXT,
    user: User = None,
) -> None:
    """Print each feed a user follows with its health: last success, last error and its reason, next poll."""
    from newsbite.render.feeds import render_feed_table

    store = open_configured_store(load_settings())
    followed = store_call(store.subscriptions(whose(store, user)).all)
    if output_format is FeedListFormat.JSON:
        typer.echo(
            json.dumps([subscription.as_dict() for subscription in followed], indent=2, ensure_ascii=False)
        )
        return
    if not followed:
        errors.print(
            "no feeds yet: add one with `newsbite feeds add URL` or `newsbite feeds import --starter`"
        )
        return
    Console(highlight=False).print(render_feed_table([subscription.feed for subscription in followed]))


@app.command("remove")
def feeds_remove(
    urls: Annotated[list[str], typer.Argument(help="Feed URLs as listed.", metavar="URL...")],
    user: User = None,
) -> None:
    """Unsubscribe from feeds (their stored articles stay; a feed no one follows is no longer polled)."""
    store = open_configured_store(load_settings())
    subscriptions = store.subscriptions(whose(store, user))
    missing = [url for url in urls if not store_call(subscriptions.unfollow, url)]
    for url in missing:
        errors.print(f"[red]error:[/red] {escape(url)} is not among the feeds followed", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if missing else 0)


@app.command("import")
def feeds_import(
    path: Annotated[Path | None, typer.Argument(help="An OPML file.", metavar="FILE.opml")] = None,
    starter: Annotated[
        bool,
        typer.Option("--starter", help="Import the starter list of public news feeds shipped with NewsBite."),
    ] = False,
    user: User = None,
) -> None:
    """Subscribe to every feed of an OPML file (as feed readers export them)."""
    from newsbite.ingest.opml import starter_opml

    if (path is None) == (not starter):
        errors.print("[red]error:[/red] give an OPML file or --starter (one of them)")
        raise typer.Exit(EXIT_USAGE)
    store = open_configured_store(load_settings())
    added, listed = import_opml(path or starter_opml(), store, whose(store, user))
    errors.print(f"{added} added, {listed} already followed")


def import_opml(path: Path, store: Store, reader: Reader) -> tuple[int, int]:
    """Subscribe a reader to an OPML file's feeds, in its folders: how many were added and how many
    were already followed.

    A file that cannot be read or parsed ends the command with one line.
    """
    from newsbite.errors import NewsBiteError
    from newsbite.following import follow_listed
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
    added = store_call(follow_listed, store, reader, listed, utc_stamp())
    return added, len(listed) - added


@app.command("export")
def feeds_export(user: User = None) -> None:
    """Print a user's feeds as OPML 2.0, in their folders, for another feed reader or another NewsBite."""
    from newsbite.following import subscriptions_opml

    store = open_configured_store(load_settings())
    typer.echo(store_call(subscriptions_opml, store, whose(store, user)), nl=False)


def whose(store: Store, name: str | None) -> Reader:
    """The user named, else the owner, else (no users) the local reader; an unknown name ends the
    command with one line."""
    if name is None:
        reader = store_call(store.readers.owner) or store_call(store.readers.local)
    else:
        reader = store_call(store.readers.get, name)
    if reader is None:
        errors.print(
            f"[red]error:[/red] {escape(name or '')}: no such user (`newsbite users list`)", soft_wrap=True
        )
        raise typer.Exit(EXIT_USAGE)
    return reader
