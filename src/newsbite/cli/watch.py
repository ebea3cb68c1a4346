"""`newsbite watch`: poll the feed list and store new articles until stopped (or once, for cron)."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.markup import escape

from newsbite.cli.common import (
    EXIT_DOCUMENT_FAILED,
    EXIT_USAGE,
    configured_pipeline,
    errors,
    load_settings,
    open_configured_store,
    store_call,
)
from newsbite.cli.feeds import import_opml, whose


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
    from newsbite.ingest import Fetcher
    from newsbite.ingest.opml import starter_opml
    from newsbite.watch import Watcher

    settings = load_settings()
    pipeline = configured_pipeline(settings)
    store = open_configured_store(settings)
    if starter:
        added, _ = import_opml(starter_opml(), store, whose(store, None))
        errors.print(f"starter list: {added} feeds added")
    if not store_call(store.feeds.all):
        errors.print(
            "[red]error:[/red] no feeds to watch: `newsbite feeds add URL` or `newsbite watch --starter`"
        )
        raise typer.Exit(EXIT_USAGE)
    _log_to_terminal()
    stop = threading.Event()
    with _stopped_by_signals(stop), Fetcher(settings, stop=stop) as fetcher:
        watcher = Watcher(store, settings, fetcher, pipeline=pipeline, stop=stop)
        try:
            if once:
                reports = store_call(watcher.poll_every_feed)
                failed = sum(report.outcome == "failed" for report in reports)
                added = sum(report.added for report in reports)
                errors.print(f"{len(reports)} feeds polled, {added} articles added, {failed} feeds failed")
                raise typer.Exit(EXIT_DOCUMENT_FAILED if failed else 0)
            errors.print(f"watching {len(store.feeds.all())} feeds in {escape(store.name)} (Ctrl+C to stop)")
            store_call(watcher.run)
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
    from rich.logging import RichHandler

    handler = RichHandler(console=errors, show_path=False, markup=False, rich_tracebacks=False)
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler], force=True)
