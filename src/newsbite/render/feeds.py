"""The feed list as a terminal table: each feed's health at a glance."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from newsbite.store import FeedSource

_STATUS_STYLE = {"ok": "green", "new": "cyan", "failing": "yellow", "flagged": "bold red"}


def render_feed_table(sources: Sequence[FeedSource]) -> Table:
    """One row a feed: status, title and URL, format, articles added, last success, last error, next poll."""
    table = Table(title=f"{len(sources)} feeds", title_justify="left", expand=True)
    for name in ("status", "feed", "articles", "last success", "last error", "next poll"):
        table.add_column(name, justify="right" if name == "articles" else "left", overflow="fold")
    for source in sources:
        feed = Text(source.title or "(untitled)", style="bold")
        feed.append(f"\n{source.url}", style="dim")
        if source.format:
            feed.append(f"\n{source.format}", style="dim")
        error = ""
        if source.failures:
            error = f"{source.last_error_reason}: {source.last_error} ({when(source.last_error_at)}"
            error += f", {source.failures} in a row)"
        table.add_row(
            Text(source.status, style=_STATUS_STYLE[source.status]),
            feed,
            f"{source.articles:,}",
            when(source.last_success_at) or "never",
            Text(error),  # the server's own words: never read as markup
            when(source.next_poll_at),
        )
    return table


def when(stamp: str | None) -> str:
    return stamp.replace("T", " ").removesuffix("Z") + " UTC" if stamp else ""
