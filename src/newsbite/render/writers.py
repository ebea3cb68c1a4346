"""Writers that print a stream of articles as text, JSON, JSONL or Markdown, one at a time."""

from __future__ import annotations

import json
from typing import Protocol, TextIO

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from newsbite.model import Article
from newsbite.render.schema import article_to_dict


class ArticleWriter(Protocol):
    """Prints articles as they come; `close` finishes the output (a JSON array's bracket)."""

    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...


class JsonWriter:
    """A JSON array of article objects, streamed: valid JSON (`[]`) even with no article."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, article: Article) -> None:
        body = json.dumps(article_to_dict(article), ensure_ascii=False, indent=2)
        self.out.write(("[\n" if self.count == 0 else ",\n") + _indent(body))
        self.out.flush()
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")


class JsonLinesWriter:
    """One compact JSON object a line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, article: Article) -> None:
        self.out.write(json.dumps(article_to_dict(article), ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        pass


class MarkdownWriter:
    """Each article as Markdown: headline, metadata, the bite, then the body under its crossheads."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, article: Article) -> None:
        if self.count:
            self.out.write("\n---\n\n")
        self.out.write(article_markdown(article))
        self.count += 1

    def close(self) -> None:
        pass


class TextWriter:
    """Each article as a panel for the terminal: headline, metadata line, standfirst, the bite."""

    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, highlight=False, soft_wrap=False)

    def write(self, article: Article) -> None:
        parts: list[Text] = [Text(_metadata_line(article), style="dim")]
        if article.standfirst:
            parts.append(Text(article.standfirst, style="italic"))
        if article.bite and article.bite.sentences:
            parts.append(Text(" ".join(article.bite.sentences)))
        if article.bite and article.bite.key_points:
            parts.append(Text("\n".join(f"• {point}" for point in article.bite.key_points)))
        parts.append(Text(_structure_line(article), style="dim"))
        title = escape(article.headline or "(no headline)")
        self.console.print(Panel(Group(*_spaced(parts)), title=f"[bold]{title}[/bold]", title_align="left"))

    def close(self) -> None:
        pass


WRITERS = {"text": TextWriter, "json": JsonWriter, "jsonl": JsonLinesWriter, "markdown": MarkdownWriter}


def article_markdown(article: Article) -> str:
    """The whole article as a Markdown document."""
    lines = [f"# {article.headline or '(no headline)'}", "", f"*{_metadata_line(article)}*", ""]
    if article.standfirst:
        lines += [f"**{article.standfirst}**", ""]
    if article.bite and article.bite.sentences:
        lines += ["## In brief", "", " ".join(article.bite.sentences), ""]
        lines += [f"- {point}" for point in article.bite.key_points]
        lines += [""] if article.bite.key_points else []
    for section in article.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    if article.original_url:
        lines += [f"Originally published at <{article.original_url}>", ""]
    return "\n".join(lines)


def _metadata_line(article: Article) -> str:
    parts = [
        article.section,
        article.publisher,
        f"by {article.byline}" if article.byline else None,
        article.agency,
        article.published,
    ]
    return " · ".join(part for part in parts if part) or article.origin


def _structure_line(article: Article) -> str:
    paragraphs = len(article.paragraphs)
    sections = len(article.sections)
    shape = f"{paragraphs} paragraph{'s' * (paragraphs != 1)} in {sections} section{'s' * (sections != 1)}"
    return f"{shape} · {article.origin}"


def _spaced(parts: list[Text]) -> list[Text]:
    spaced: list[Text] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    return spaced


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))
