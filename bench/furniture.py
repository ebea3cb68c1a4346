"""Page furniture, case by case: does a text dump's cleaning take out what a page prints around a
story, give its byline and date, and keep every line of the story?

The cases (bench/data/page_furniture_cases.jsonl, 290 of them) were written for NewsBite by a
session that had not read the cleaning code, from what news pages print, every outlet and name
invented: byline blocks with the names a reader would give, date blocks with the first-publication
day, furniture blocks by where they stand (head, between paragraphs, tail), and story lines that
look like furniture but are the story's. Each case is set into one invented page (headline,
standfirst, byline, date, four paragraphs, a copyright line) at its place and the page cleaned as
a dump. Every third case of each kind is kept aside and scored apart; misses are printed for the
others only (`--show-misses`).

    python bench/furniture.py [--show-misses] [--apart]

`--apart` sets each line of a case apart by a blank line, as some copies of a page do.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsbite.clean import clean_document
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Document, DocumentKind

CASES = Path(__file__).resolve().parent / "data" / "page_furniture_cases.jsonl"
# The page heads, each set written apart (the second after the rules for the first were made, the
# third after those for the second).
HEAD_SETS = (
    ("page heads", Path(__file__).resolve().parent / "data" / "page_head_cases.jsonl"),
    ("page heads, set 2", Path(__file__).resolve().parent / "data" / "page_head_cases_2.jsonl"),
    ("page heads, set 3", Path(__file__).resolve().parent / "data" / "page_head_cases_3.jsonl"),
)
HEAD_FIELDS = ("headline", "standfirst", "byline", "published")
# The story's paragraphs after a page head's first paragraph.
FOLLOWING = [
    "Officials said the work would be finished before the end of the month, weather permitting.",
    '"We have heard the complaints and we are acting on them," a spokesperson said on Tuesday.',
]

HEADLINE = "Ferry operator cuts winter sailings as fuel bill doubles"
STANDFIRST = "Island residents say the new timetable leaves them without a link to the mainland hospital"
BYLINE = ["By Maren Solberg"]
DATE = ["Published 12 March 2025"]
PARAGRAPHS = [
    "The operator of the only car ferry to Tarrow Island will cut its winter sailings from six a day "
    "to three, it said on Wednesday, after its fuel bill doubled in a year.",
    "About 2,300 people live on the island. The council said it would ask the regional government "
    "for an emergency grant to keep the early sailing.",
    '"The first boat is how people get to work and to their appointments," said Ines Varga, who '
    "chairs the island's residents' association.",
    "The new timetable starts on 1 November.",
]
COPYRIGHT = "© 2025 The Sound Courier. All rights reserved."


def page_of(
    head: list[list[str]], mid: Sequence[str] = (), tail: Sequence[str] = (), apart: bool = False
) -> str:
    """The page's text: its blocks apart by blank lines, a block's own lines together (or, when
    `apart`, each line apart)."""
    blocks = [["The Sound Courier"], ["News | Island life | Business | Sport"], [HEADLINE], [STANDFIRST]]
    blocks += [lines for lines in head if lines]
    for index, paragraph in enumerate(PARAGRAPHS):
        blocks.append([paragraph])
        if index == 1 and mid:
            blocks.append(list(mid))
    if tail:
        blocks.append(list(tail))
    blocks.append([COPYRIGHT])
    return "\n\n".join(("\n\n" if apart else "\n").join(lines) for lines in blocks) + "\n"


def placed(case: dict, apart: bool = False) -> tuple[str, dict]:
    """The case's page and what a reader expects of it."""
    kind, lines = case["kind"], case["lines"]
    page = partial(page_of, apart=apart)
    want = {
        "headline": HEADLINE,
        "standfirst": STANDFIRST,
        "byline": "Maren Solberg",
        "published": "2025-03-12",
    }
    want["paragraphs"] = PARAGRAPHS
    if kind == "byline":
        # (the page's date above the block: a block that prints its own day prints a later one)
        want["byline"] = case["byline"]
        return page([DATE, lines]), want
    if kind == "date":
        want["published"] = case["published"]
        return page([BYLINE, lines]), want
    if kind == "story":
        want["paragraphs"] = [*PARAGRAPHS[:2], *lines, *PARAGRAPHS[2:]]
        return page([BYLINE, DATE], mid=lines), want
    where = case["where"]
    if where == "head":
        return page([BYLINE, DATE, lines]), want
    return page([BYLINE, DATE], **{where: lines}), want


def head_page(case: dict) -> tuple[str, dict]:
    """A page head case's page (its head, first paragraph, two more and its tail) and what a reader
    expects of it."""
    lines = [*case["head"], "", case["first_paragraph"], ""]
    for paragraph in FOLLOWING:
        lines += [paragraph, ""]
    lines += case["tail"]
    want = {field: case[field] for field in ("headline", "standfirst", "byline", "published")}
    want["paragraphs"] = [case["first_paragraph"], *FOLLOWING]
    return "\n".join(lines) + "\n", want


def read(text: str) -> Article | None:
    try:
        return clean_document(Document("page.txt", DocumentKind.TEXT, text))
    except NewsBiteError:
        return None


def differences(article: Article | None, want: dict, kind: str) -> list[str]:
    if article is None:
        return ["no article"]
    found = []
    for field in ("headline", "standfirst", "byline", "published"):
        if getattr(article, field) != want[field]:
            found.append(f"{field} {getattr(article, field)!r}, not {want[field]!r}")
    # (a story's line that reads as its crosshead is kept as one)
    kept = [
        p
        for p in want["paragraphs"]
        if p in article.paragraphs or (kind == "story" and p in headings(article))
    ]
    if kept != want["paragraphs"]:
        found += [f"lost {p[:60]!r}" for p in want["paragraphs"] if p not in kept]
    found += [f"left {p[:60]!r}" for p in article.paragraphs if p not in want["paragraphs"]]
    return found


def headings(article: Article) -> set[str]:
    return {section.heading for section in article.sections if section.heading}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true", help="print what differs (dev cases only)")
    parser.add_argument("--apart", action="store_true", help="set each line of a case apart by a blank line")
    args = parser.parse_args()
    cases = [json.loads(line) for line in CASES.read_text("utf-8").splitlines() if line.strip()]
    tallies: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[str, int] = defaultdict(int)
    misses = []
    for case in cases:
        group = case["kind"] if case["kind"] in ("byline", "date") else f"{case['kind']}, {case['where']}"
        aside = seen[group] % 3 == 2
        seen[group] += 1
        text, want = placed(case, args.apart)
        found = differences(read(text), want, case["kind"])
        tallies[(group, aside)][0] += not found
        tallies[(group, aside)][1] += 1
        if found and not aside:
            misses.append((group, case["lines"], found))
    # the page heads: a group of their own for each set
    for group, path in HEAD_SETS:
        if not path.exists():
            continue
        heads = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        field_tallies: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
        for index, case in enumerate(heads):
            aside = index % 3 == 2
            text, want = head_page(case)
            article = read(text)
            found = differences(article, want, "head")
            tallies[(group, aside)][0] += not found
            tallies[(group, aside)][1] += 1
            for field in HEAD_FIELDS:
                field_tallies[(field, aside)][0] += (
                    article is not None and getattr(article, field) == want[field]
                )
                field_tallies[(field, aside)][1] += 1
            if found and not aside:
                misses.append((group, case["head"], found))
        seen[group] = len(heads)
        for field in HEAD_FIELDS:
            for aside in (False, True):
                tallies[(f"  {group}: {field}", aside)] = field_tallies[(field, aside)]
            seen[f"  {group}: {field}"] = 0
    all_heads = sum(seen[group] for group, _ in HEAD_SETS)
    table = Table(
        title=f"Page furniture: {len(cases)} cases and {all_heads} page heads, every third kept aside"
    )
    for column in ("case", "dev right", "kept aside right"):
        table.add_column(column, justify="left" if column == "case" else "right")
    groups = sorted({group for group, _ in tallies}, key=list(seen).index)
    totals = {False: [0, 0], True: [0, 0]}
    for group in groups:
        row = [group]
        for aside in (False, True):
            right, total = tallies[(group, aside)]
            if not group.startswith(" "):  # (a page head's fields are counted in its row)
                totals[aside][0] += right
                totals[aside][1] += total
            row.append(f"{right / total:.3f} ({right}/{total})")
        table.add_row(*row)
    table.add_row(
        *["all"] + [f"{r / t:.3f} ({r}/{t})" for r, t in (totals[False], totals[True])], style="bold"
    )
    console = Console(width=110)
    console.print(table)
    console.print(
        "A case is right when the page comes back with its headline, standfirst, byline, date and"
        " story lines, and none of the case's furniture in its body."
    )
    if args.show_misses:
        for group, lines, found in misses:
            console.print(f"[bold]{group}[/bold] {lines!r}", markup=True, highlight=False)
            for item in found:
                console.print(f"  {item}", markup=False, highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
