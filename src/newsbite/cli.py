"""The `newsbite` command: each command parses its options, calls the library, prints."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
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

from newsbite import __version__
from newsbite.batch.partitions import PARTITION_SIZE
from newsbite.config import Settings
from newsbite.errors import ConfigError, FeedError, FetchError, NewsBiteError
from newsbite.ingest import Fetcher, read_inputs
from newsbite.ingest.feeds import find_feed
from newsbite.ingest.opml import ListedFeed, read_opml, starter_opml, write_opml
from newsbite.ingest.web import is_url
from newsbite.merge.stored import StoredMerge
from newsbite.merge.story import story_document
from newsbite.model import Article
from newsbite.pipeline import Pipeline
from newsbite.render import WRITERS, article_from_dict
from newsbite.render.feeds import render_feed_table
from newsbite.render.stories import render_story, render_story_table
from newsbite.store import MAX_PAGE, ArticleQuery, Store, StoreError, open_store, utc_stamp
from newsbite.watch import Watcher

app = typer.Typer(
    help="NewsBite: clean, understood, bite-sized news from any input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
errors = Console(stderr=True, highlight=False)

EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2


# Articles stored in one transaction: big enough to amortise the commit, small enough that an
# interrupted ingest loses little work.
INGEST_BATCH = 64
EXIT_STORE = 3

T = TypeVar("T")
U = TypeVar("U")


class FeedListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


HostOption = Annotated[str, typer.Option(help="The address to listen on.")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="How to print each article.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_PAGE, help="How many articles.")]
EntityOption = Annotated[str | None, typer.Option(help="Only articles naming this entity (any case).")]
PlaceOption = Annotated[str | None, typer.Option(help="Only articles naming this place.")]
AgencyOption = Annotated[str | None, typer.Option(help="Only this wire agency's stories (AFP, Reuters, AP).")]
PublisherOption = Annotated[str | None, typer.Option(help="Only this outlet's (its domain).")]
SinceOption = Annotated[str | None, typer.Option(help="Published on or after this date.")]
UntilOption = Annotated[str | None, typer.Option(help="Published on or before this date.")]


def samples_path() -> Path:
    """The folder of sample news bundled with the package."""
    return Path(str(files("newsbite") / "samples"))


def sample_inputs() -> list[Path]:
    """The bundled samples in each input format: text dumps, HTML pages, JSONL records."""
    folder = samples_path()
    return [folder / "text", folder / "html", folder / "records.jsonl"]


@app.command()
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
    raise typer.Exit(_bite(inputs, output_format, _bite_options(words, embeddings)))


@app.command()
def run(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    serve_reader: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the reader after ingesting.")
    ] = True,
) -> None:
    """The main job: ingest the bundled sample news into the store, then serve the reader.

    The store is NEWSBITE_DATABASE, by default a SQLite file in your data directory; running it
    again adds nothing twice. The reader runs until Ctrl+C.
    """
    settings = _settings()
    store = _open_store(settings)
    failed = _ingest([str(path) for path in sample_inputs()], settings, store)
    if failed or not serve_reader:
        raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)
    _serve(host, port, workers=1)


@app.command()
def samples() -> None:
    """Print the folder of bundled sample news (to feed to `newsbite bite`)."""
    typer.echo(samples_path())


@app.command()
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
    settings = _settings()
    failed = _ingest(inputs, settings, _open_store(settings), workers)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _ingest(inputs: list[str], settings: Settings, store: Store, workers: int = 1) -> int:
    """Process and store every input with a progress line and a summary; how many failed."""
    tally: Counter[str] = Counter()
    failures: list[NewsBiteError] = []
    began = time.monotonic()
    merge = StoredMerge(store, settings)
    try:
        processed = Pipeline(settings).run(read_inputs(inputs, settings), workers)
        outcomes = _with_progress(processed, tally)
        for batch in _batches(outcomes, INGEST_BATCH):
            failures += [outcome for outcome in batch if isinstance(outcome, NewsBiteError)]
            tally["failed"] = len(failures)
            articles = [outcome for outcome in batch if isinstance(outcome, Article)]
            tally.update(outcome.value for outcome in _store_call(store.add, articles))
            _store_call(merge.run)
    except KeyboardInterrupt:
        errors.print("interrupted: what was stored before this batch is kept")
        raise typer.Exit(130) from None
    _print_ingest_summary(store.name, tally, failures, time.monotonic() - began)
    return len(failures)


_HOW_TO_ADD_FEEDS = (
    "add one with `newsbite feeds add URL`, or the starter list with `newsbite watch --starter`"
)


class ClusterFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


@app.command()
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
            help="Compare leads with sentence embeddings too (default: when the extra is installed).",
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
    from newsbite.clean import clean_document
    from newsbite.merge.stories import sentence_embedder
    from newsbite.merge.stream import Merger, story_window

    settings = _settings()
    embedder = sentence_embedder() if embeddings is not False else None
    if embeddings and embedder is None:
        errors.print("[red]error:[/red] --embeddings needs pip install 'newsbite[embeddings]'")
        raise typer.Exit(EXIT_USAGE)
    days = settings.story_window_days if window_days is None else window_days
    merger = Merger(embedder=embedder, window=story_window(days))
    placements, failed = [], 0
    for document in read_inputs(inputs, settings):
        try:
            if isinstance(document, NewsBiteError):
                raise document
            article = clean_document(document)
        except NewsBiteError as error:
            failed += 1
            errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
            continue
        placements.append(merger.add(article.id, article))
    # Printed once all are read: a later article can merge two stories, and each line names the
    # story its article ended in.
    final = [replace(placement, story=merger.story_of(placement.id)) for placement in placements]
    if output_format is ClusterFormat.JSONL:
        typer.echo(
            "\n".join(json.dumps(vars(placement)) for placement in final) if final else "", nl=bool(final)
        )
    else:
        typer.echo(json.dumps([vars(placement) for placement in final], indent=2))
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


@app.command()
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
    """Run clean, understand and bite over a corpus on Dask, into Parquet tables (docs/batch.md).

    A re-run with the same inputs and --out skips the partitions already written.
    """
    from newsbite.batch.run import BatchError, dask_client

    settings = _settings()
    if embeddings is not None:
        settings = settings.with_overrides(story_embeddings=embeddings)
    if settings.story_embeddings:
        _check_embeddings()
    began = time.monotonic()
    try:
        with dask_client(workers or os.cpu_count() or 1, scheduler) as client:
            errors.print(f"Dask dashboard: {client.dashboard_link}")
            _warn_of_trimming(client)
            reports = _batch_with_progress(client, inputs, out, settings, partition_size)
    except (NewsBiteError, BatchError) as error:
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

    target = _open_store(settings)
    tally = _store_call(load_into_store, out, target, settings)
    counts = ", ".join(f"{tally[name]} {name}" for name in ("added", "updated", "unchanged"))
    errors.print(f"stored: {counts} [dim]({escape(target.name)})[/dim]", soft_wrap=True)


def _batch_with_progress(
    client: Any, inputs: list[str], out: Path, settings: Settings, partition_size: int
) -> list[Any]:
    from newsbite.batch.run import PartitionReport, run_batch

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


feeds_app = typer.Typer(
    help="The feeds `newsbite watch` polls: add, list, remove, import and export (OPML).",
    no_args_is_help=True,
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add")
def feeds_add(
    urls: Annotated[
        list[str], typer.Argument(help="Feed URLs, or pages that advertise a feed.", metavar="URL...")
    ],
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Fetch each URL first, to find and check its feed.")
    ] = True,
) -> None:
    """Subscribe to feeds. A page's URL subscribes to the feed it advertises (<link rel="alternate">)."""
    settings = _settings()
    store = _open_store(settings)
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
            added = _store_call(store.feeds.add, feed_url, utc_stamp(), title=title)
            shown = f"{escape(feed_url)}" + (f" ({escape(title)})" if title else "")
            errors.print(f"{'added' if added else 'already listed'}: {shown}", soft_wrap=True)
            for other in others:
                errors.print(f"  the page also advertises {escape(other)}", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)


def _checked_feed(url: str, fetcher: Fetcher) -> tuple[str, str | None, list[str]]:
    if not is_url(url):
        raise FeedError(url, "not an http(s) URL")
    feed_url, feed, others = find_feed(url, fetcher)
    return feed_url, feed.title, others


@feeds_app.command("list")
def feeds_list(
    output_format: Annotated[
        FeedListFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = FeedListFormat.TEXT,
) -> None:
    """Print every feed with its health: last success, last error and its reason, next poll."""
    sources = _store_call(_open_store(_settings()).feeds.all)
    if output_format is FeedListFormat.JSON:
        typer.echo(json.dumps([source.as_dict() for source in sources], indent=2, ensure_ascii=False))
        return
    if not sources:
        errors.print(
            "no feeds yet: add one with `newsbite feeds add URL` or `newsbite feeds import --starter`"
        )
        return
    Console(highlight=False).print(render_feed_table(sources))


@feeds_app.command("remove")
def feeds_remove(
    urls: Annotated[list[str], typer.Argument(help="Feed URLs as listed.", metavar="URL...")],
) -> None:
    """Unsubscribe from feeds (their stored articles stay)."""
    store = _open_store(_settings())
    missing = [url for url in urls if not _store_call(store.feeds.remove, url)]
    for url in missing:
        errors.print(f"[red]error:[/red] {escape(url)} is not in the feed list", soft_wrap=True)
    raise typer.Exit(EXIT_DOCUMENT_FAILED if missing else 0)


@feeds_app.command("import")
def feeds_import(
    path: Annotated[Path | None, typer.Argument(help="An OPML file.", metavar="FILE.opml")] = None,
    starter: Annotated[
        bool,
        typer.Option("--starter", help="Import the starter list of public news feeds shipped with NewsBite."),
    ] = False,
) -> None:
    """Subscribe to every feed of an OPML file (as feed readers export them)."""
    if (path is None) == (not starter):
        errors.print("[red]error:[/red] give an OPML file or --starter (one of them)")
        raise typer.Exit(EXIT_USAGE)
    added, listed = _import_opml(path or starter_opml(), _open_store(_settings()))
    errors.print(f"{added} added, {listed} already listed")


def _import_opml(path: Path, store: Store) -> tuple[int, int]:
    try:
        listed = read_opml(path.read_bytes(), str(path))
    except OSError as error:
        errors.print(f"[red]error:[/red] {escape(str(path))}: cannot be read ({error.strerror or error})")
        raise typer.Exit(EXIT_USAGE) from None
    except NewsBiteError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    now = utc_stamp()
    added = sum(_store_call(store.feeds.add, feed.url, now, title=feed.title) for feed in listed)
    return added, len(listed) - added


@feeds_app.command("export")
def feeds_export() -> None:
    """Print the feed list as OPML 2.0, for another feed reader or another NewsBite."""
    sources = _store_call(_open_store(_settings()).feeds.all)
    typer.echo(write_opml([ListedFeed(source.url, source.title) for source in sources]), nl=False)


@app.command()
def watch(
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron).")] = False,
    starter: Annotated[
        bool, typer.Option("--starter", help="First subscribe to the starter list of public news feeds.")
    ] = False,
) -> None:
    """Poll the feed list and store new articles, each feed on its own schedule, until stopped.

    Teasers are fetched in full (robots.txt obeyed), a feed that has not changed costs one 304,
    and a failing feed backs off and is flagged in `newsbite feeds list`. Ctrl+C or SIGTERM
    stops after the article in hand; a restart picks up where it stopped.
    """
    settings = _settings()
    store = _open_store(settings)
    if starter:
        added, _ = _import_opml(starter_opml(), store)
        errors.print(f"starter list: {added} feeds added")
    if not _store_call(store.feeds.all):
        errors.print(
            "[red]error:[/red] no feeds to watch: `newsbite feeds add URL` or `newsbite watch --starter`"
        )
        raise typer.Exit(EXIT_USAGE)
    _log_to_terminal()
    stop = threading.Event()
    with _stopped_by_signals(stop), Fetcher(settings, stop=stop) as fetcher:
        watcher = Watcher(store, settings, fetcher, stop=stop)
        try:
            if once:
                reports = _store_call(watcher.poll_every_feed)
                failed = sum(report.outcome == "failed" for report in reports)
                added = sum(report.added for report in reports)
                errors.print(f"{len(reports)} feeds polled, {added} articles added, {failed} feeds failed")
                raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)
            errors.print(f"watching {len(store.feeds.all())} feeds in {escape(store.name)} (Ctrl+C to stop)")
            _store_call(watcher.run)
        finally:
            if stop.is_set():
                errors.print("stopped")


@contextlib.contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` (a second SIGINT interrupts at once); handlers restored after."""

    def request_stop(number: int, _frame: object) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _log_to_terminal() -> None:
    handler = RichHandler(console=errors, show_path=False, markup=False, rich_tracebacks=False)
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler], force=True)


@app.command()
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (more use more cores).")] = 1,
) -> None:
    """Serve the web reader, the JSON API (/api/v1, docs at /docs) and feeds (/feeds) over the store."""
    settings = _settings()
    _open_store(settings).close()  # migrate once, and fail here with a clear line, before serving
    _serve(host, port, workers)


def _serve(host: str, port: int, workers: int) -> None:
    from newsbite.serve.workers import run_server

    _check_port_free(host, port)
    errors.print(f"NewsBite reader on [bold]http://{host}:{port}/[/bold] [dim](Ctrl+C to stop)[/dim]")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a reader server is meant to stop
        run_server(host, port, workers)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            errors.print(f"[red]error:[/red] cannot listen on {host}:{port} ({error.strerror}); try --port")
            raise typer.Exit(EXIT_USAGE) from None


def _print_ingest_summary(
    database: str, tally: Counter[str], failures: list[NewsBiteError], seconds: float
) -> None:
    for failure in failures:
        errors.print(f"[red]failed:[/red] {escape(str(failure))}", soft_wrap=True)
    counts = ", ".join(f"{tally[name]} {name}" for name in ("added", "updated", "unchanged", "failed"))
    documents = sum(tally[name] for name in ("added", "updated", "unchanged", "failed"))
    rate = f"{documents / seconds:,.1f} documents/s" if seconds > 0 else ""
    errors.print(f"{counts} in {seconds:,.1f} s, {rate} [dim]({escape(database)})[/dim]", soft_wrap=True)


class StoriesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
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
    store = _open_store(_settings())
    page = _store_call(store.stories.page, limit, None, min_articles)
    if output_format is StoriesFormat.JSON:
        typer.echo(json.dumps(page.items, indent=2))
    elif page.items:
        Console(highlight=False).print(render_story_table(page.items))
    else:
        pending = _store_call(store.stories.pending)
        waiting = f" ({pending} articles wait to be merged)" if pending else ""
        errors.print(f"no stories in {escape(store.name)}{waiting}")


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="A story's id (see `newsbite stories`).", metavar="ID")],
    output_format: Annotated[
        StoriesFormat, typer.Option("--format", "-f", help="Readable text, or the whole story as JSON.")
    ] = StoriesFormat.TEXT,
) -> None:
    """Print one story: its bite, its outlets and sources, its timeline and its claims."""
    store = _open_store(_settings())
    document = _store_call(story_document, store, story_id)
    if document is None:
        errors.print(f"[red]error:[/red] no story {escape(story_id)!r} in {escape(store.name)}")
        raise typer.Exit(EXIT_USAGE)
    if output_format is StoriesFormat.JSON:
        typer.echo(json.dumps(document, indent=2))
    else:
        Console(highlight=False).print(render_story(document))


@app.command("list")
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
    query = ArticleQuery(None, entity, place, agency, publisher, _day(since), _day(until), limit)
    _print_stored(query, output_format)


@app.command()
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
    query = ArticleQuery(query_text, entity, place, agency, publisher, _day(since), _day(until), limit)
    _print_stored(query, output_format)


def _print_stored(query: ArticleQuery, output_format: OutputFormat) -> None:
    store = _open_store(_settings())
    page = _store_call(store.articles, query, full=True)
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


def _open_store(settings: Settings) -> Store:
    return _store_call(open_store, settings.database_url())


def _store_call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """The store call's result; a store failure ends the command with its one-line reason."""
    try:
        return function(*args, **kwargs)
    except StoreError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_STORE) from None


def _batches(items: Iterable[U], size: int) -> Iterator[list[U]]:
    batch: list[U] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bite_options(words: int | None, embeddings: bool | None) -> dict[str, object]:
    """The bite settings given on the command line, which override the environment's."""
    options: dict[str, object] = {}
    if words is not None:
        options["bite_words"] = words
    if embeddings is not None:
        options["bite_embeddings"] = embeddings
    return options


def _bite(inputs: list[str], output_format: OutputFormat, overrides: dict[str, object] | None = None) -> int:
    settings = _settings().with_overrides(**(overrides or {}))
    if settings.bite_embeddings:
        _check_embeddings()
    if settings.llm_url and not settings.llm_model:
        errors.print(
            "[red]error:[/red] NEWSBITE_LLM_URL is set but NEWSBITE_LLM_MODEL is not: name the model to ask"
        )
        raise typer.Exit(EXIT_USAGE)
    writer = WRITERS[output_format.value](sys.stdout)
    failed = 0
    try:
        for outcome in _with_progress(Pipeline(settings).run(read_inputs(inputs, settings))):
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


class _RateColumn(ProgressColumn):
    """Documents a second since the start: the pipeline yields in batches, so recent-sample speeds jump."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = f"{task.completed / elapsed:,.1f}" if task.completed and elapsed > 0 else "-"
        return Text(f"{rate} docs/s", style="cyan")


def _with_progress(
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


def _check_embeddings() -> None:
    """Stop before any work when the embedding path is asked for but not installed."""
    from newsbite.bite.embeddings import EmbeddingsUnavailable, load_model

    try:
        load_model()
    except EmbeddingsUnavailable as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(EXIT_USAGE) from None


def _settings() -> Settings:
    try:
        return Settings.load()
    except ConfigError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None


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
