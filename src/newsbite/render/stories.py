"""Stories for the terminal: the list as a table, one story as its bite, timeline and claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from newsbite.merge.lineage import FIRST_SEEN
from newsbite.render.feeds import when


def render_story_table(stories: Sequence[dict[str, Any]]) -> Table:
    """One row a story: its latest article's time, title and id, and how widely it ran."""
    table = Table(title=f"{len(stories)} stories, latest first", title_justify="left", expand=True)
    for name in ("latest", "story", "articles", "sources", "outlets"):
        table.add_column(name, justify="right" if name in ("articles", "sources", "outlets") else "left")
    for story in stories:
        title = Text(story["title"] or "(untitled)", style="bold")
        title.append(f"\n{story['id']}", style="dim")
        counts = (str(story[name]) for name in ("articles", "sources", "outlets"))
        table.add_row(known_time(story["last_time"], story["time_basis"]), title, *counts)
    return table


def render_story(story: dict[str, Any]) -> RenderableType:
    """A story: title, counts, bite, key points, timeline (each item's copies) and claims."""
    parts: list[RenderableType] = [Text(story["title"] or "(untitled)", style="bold")]
    counts = f"{story['articles']} articles from {story['outlets']} outlets"
    counts += f", {story['sources']} independent sources"
    parts.append(Text(f"{counts}: {', '.join(story['source_names'])}", style="dim"))
    parts += [Text(""), Text(" ".join(story["bite"].get("sentences", [])))]
    parts += [Text(f"• {point['text']}") for point in story["bite"].get("key_points", [])]
    parts.append(_timeline(story["timeline"]))
    if story["claims"]:
        parts.append(_claims(story["claims"]))
    return Group(*parts)


def _timeline(timeline: list[dict[str, Any]]) -> Table:
    table = Table(title="timeline", title_justify="left", expand=True)
    for name in ("time", "source", "article", "also ran in"):
        table.add_column(name, overflow="fold")
    for entry in timeline:
        canonical = entry["canonical"]
        article = Text(canonical["headline"] or "(untitled)")
        article.append(f"\n{canonical['outlet']} · {canonical['id']}", style="dim")
        others = ", ".join(copy["outlet"] for copy in entry["copies"])
        table.add_row(known_time(entry["time"], entry["time_basis"]), entry["source"], article, others)
    return table


def _claims(claims: list[dict[str, Any]]) -> Table:
    table = Table(title="claims and denials", title_justify="left", expand=True)
    for name in ("time", "who", "says", "from"):
        table.add_column(name, overflow="fold")
    for claim in claims:
        says = Text(f"{claim['stance']}: ", style="bold red" if claim["stance"] == "denial" else "bold")
        says.append(claim["text"])
        source = f"{claim['outlet']} · {claim['article']}"
        others = [name for name in claim.get("outlets", []) if name != claim["outlet"]]
        if others:
            source += f" (and {', '.join(others)})"
        time = known_time(claim["time"], claim["time_basis"])
        table.add_row(time, claim["party"] or "unattributed", says, source)
    return table


def known_time(stamp: str, basis: str) -> str:
    """A story's or item's time, said to be when NewsBite first saw it when it is no publication time."""
    return f"first seen {when(stamp)}" if basis == FIRST_SEEN else when(stamp)
