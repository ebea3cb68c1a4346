"""Writers that print a stream of articles as text, JSON, JSONL or Markdown, one at a time."""

from __future__ import annotations

import json
from typing import Protocol, TextIO

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsbite.model import Article
from newsbite.schema import article_to_dict


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
            parts.append(Text("\n".join(f"• {point.text}" for point in article.bite.key_points)))
        parts.extend(_analysis_parts(article))
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
        lines += [f"- {point.text}" for point in article.bite.key_points]
        lines += [""] if article.bite.key_points else []
    said = who_said_what(article)
    if said:
        lines += ["## Who said what", ""] + [f"- **{speaker}**: {words}" for speaker, words in said] + [""]
    pairs = claims_side_by_side(article)
    if pairs:
        lines += ["## Claims and denials", "", "| Claimed | Denied or left unanswered |", "| --- | --- |"]
        lines += [f"| {_cell(claim)} | {_cell(answer)} |" for claim, answer in pairs] + [""]
    for section in article.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    if article.original_url:
        lines += [f"Originally published at <{article.original_url}>", ""]
    return "\n".join(lines)


def _analysis_parts(article: Article) -> list[Text | Table]:
    """Who said what, and the claims beside the denials that answer them, for the terminal."""
    parts: list[Text | Table] = []
    said = who_said_what(article)
    if said:
        lines = Text("Who said what", style="bold")
        for speaker, words in said:
            lines.append("\n")
            lines.append(f"{speaker}: ", style="bold")
            lines.append(words)
        parts.append(lines)
    pairs = claims_side_by_side(article)
    if pairs:
        table = Table("Claimed", "Denied or left unanswered", expand=True, show_lines=True)
        for claim, answer in pairs:
            table.add_row(claim, answer)
        parts.append(table)
    return parts


def who_said_what(article: Article, limit: int = 6) -> list[tuple[str, str]]:
    """(speaker, words) for each attributed quote with quoted words, in text order."""
    analysis = article.analysis
    if analysis is None:
        return []
    seen: set[int] = set()
    said = []
    for quote in analysis.quotes:
        if quote.kind == "indirect" or not quote.speaker or quote.attribution in seen:
            continue
        if quote.kind == "mixed" and len(quote.text.split()) < 3:
            continue  # a scare quote says little on its own
        seen.add(quote.attribution)
        parts = [q.text for q in analysis.quotes if q.attribution == quote.attribution]
        said.append((quote.speaker, _shortened(" ".join(parts))))
    return said[:limit]


_ANSWER_VERBS = {"denial": "denies", "confirmation": "confirms", "no_comment": "does not say"}


def claims_side_by_side(article: Article, limit: int = 6) -> list[tuple[str, str]]:
    """(claim, its answers) rows: each contested claim beside its denials, then unlinked answers."""
    analysis = article.analysis
    if analysis is None:
        return []
    answers: dict[int | None, list[str]] = {}
    for claim in analysis.claims:
        verb = _ANSWER_VERBS.get(claim.stance)
        if verb is not None:
            line = f"{claim.party or 'unnamed'} {verb}: {_shortened(claim.text)}"
            answers.setdefault(claim.contradicts, []).append(line)
    rows = [
        (f"{claim.party or 'unnamed'}: {_shortened(claim.text)}", "\n".join(answers[index]))
        for index, claim in enumerate(analysis.claims)
        if index in answers
    ]
    rows += [("", answer) for answer in answers.get(None, [])]
    return rows[:limit]


def _shortened(text: str, words: int = 40) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))
