"""Articles on the command line: `bite` prints processed inputs; `list` and `search` print stored ones."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

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
from newsbite.limits import MAX_PAGE

if TYPE_CHECKING:
    from newsbite.config import Settings
    from newsbite.store import ArticleQuery


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="How to print each article.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_PAGE, help="How many articles.")]
EntityOption = Annotated[str | None, typer.Option(help="Only articles naming this entity (any case).")]
PlaceOption = Annotated[str | None, typer.Option(help="Only articles naming this place.")]
AgencyOption = Annotated[str | None, typer.Option(help="Only this wire agency's stories (AFP, Reuters, AP).")]
PublisherOption = Annotated[str | None, typer.Option(help="Only this outlet's (its domain).")]
SinceOption = Annotated[str | None, typer.Option(help="Published on or after this date.")]
UntilOption = Annotated[str | None, typer.Option(help="Published on or before this date.")]


def bite(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, http(s) URLs, or - for standard input.", metavar="INPUT..."),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="How to print each article and its bite.")
    ] = OutputFormat.TEXT,
    words: Annotated[
        int | None,
        typer.Option("--words", min=1, help="The bite's word budget (default: 60, or NEWSBITE_BITE_WORDS)."),
    ] = None,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Rank sentences with sentence embeddings too (needs the embeddings extra; much slower).",
        ),
    ] = None,
) -> None:
    """Clean each input document and print it with its bite.

    A document that fails is named on stderr with the reason; the others are still printed, and
    the exit status is 1.
    """
    raise typer.Exit(
        _bite(inputs, output_format, load_settings(bite_words=words, bite_embeddings=embeddings))
    )


def _bite(inputs: list[str], output_format: OutputFormat, settings: Settings) -> int:
    from newsbite.cli.progress import with_progress
    from newsbite.errors import NewsBiteError
    from newsbite.ingest import read_inputs
    from newsbite.render import WRITERS

    if settings.bite_embeddings:
        check_embeddings()
    if settings.llm_url and not settings.llm_model:
        errors.print(
            "[red]error:[/red] NEWSBITE_LLM_URL is set but NEWSBITE_LLM_MODEL is not: name the model to ask"
        )
        raise typer.Exit(EXIT_USAGE)
    writer = WRITERS[output_format.value](sys.stdout)
    failed = 0
    try:
        for outcome in with_progress(configured_pipeline(settings).run(read_inputs(inputs, settings))):
            if isinstance(outcome, NewsBiteError):
                failed += 1
                errors.print(f"[red]error:[/red] {outcome}", markup=True, soft_wrap=True)
            else:
                writer.write(outcome)
        writer.close()
    except BrokenPipeError:
        # The reader went away (`newsbite bite ... | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130
    return EXIT_DOCUMENT_FAILED if failed else 0


def list_articles(
    output_format: FormatOption = OutputFormat.TEXT,
    limit: LimitOption = 20,
    entity: EntityOption = None,
    place: PlaceOption = None,
    agency: AgencyOption = None,
    publisher: PublisherOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Print the newest articles in the store, with their bites."""
    from newsbite.store import ArticleQuery

    query = ArticleQuery(None, entity, place, agency, publisher, _day(since), _day(until), limit)
    _print_stored(query, output_format)


def search(
    query_text: Annotated[
        str, typer.Argument(help="Words to find in headlines and bodies.", metavar="QUERY")
    ],
    output_format: FormatOption = OutputFormat.TEXT,
    limit: LimitOption = 20,
    entity: EntityOption = None,
    place: PlaceOption = None,
    agency: AgencyOption = None,
    publisher: PublisherOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Print the newest stored articles that hold every word of QUERY."""
    from newsbite.store import ArticleQuery

    query = ArticleQuery(query_text, entity, place, agency, publisher, _day(since), _day(until), limit)
    _print_stored(query, output_format)


def _print_stored(query: ArticleQuery, output_format: OutputFormat) -> None:
    from newsbite.render import WRITERS
    from newsbite.schema import article_from_dict

    store = open_configured_store(load_settings())
    page = store_call(store.articles, query, full=True)
    writer = WRITERS[output_format.value](sys.stdout)
    try:
        for document in page.items:
            writer.write(article_from_dict(document))
        writer.close()
    except BrokenPipeError:
        sys.stderr.close()
        return
    if not page.items and output_format is OutputFormat.TEXT:
        errors.print(f"no articles match in {store.name}")


def _day(value: str | None) -> date | datetime | None:
    """A --since/--until value: a date (2026-05-12) or a date-time (2026-05-12T08:30:00+02:00)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        errors.print(f"[red]error:[/red] {value!r} is not a date (2026-05-12) or ISO date-time")
        raise typer.Exit(EXIT_USAGE) from None
