"""The merge stage at scale: near-duplicates and stories over 100,000 articles.

The articles are bench/_corpus.py's (evaluation paragraphs recombined by a seeded generator;
the pipeline is not run), one word in four swapped so that they do not share whole paragraphs,
every tenth followed by a syndicated copy of itself (a paragraph dropped, a sentence changed).
Each stage runs in a fresh process, so its peak memory is its own; the articles are generated
before the clock starts, in blocks, and the time each block of 10,000 takes shows how a lookup's
cost grows with what is indexed (sub-linear: flat).

    python bench/merge_scale.py [--articles 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from _corpus import COPY_EVERY, REWORD, load_pool, merge_article, pool_vocabulary
from _eval import in_fresh_process
from newsbite.merge.duplicates import DuplicateIndex
from newsbite.merge.stories import StoryClusterer
from newsbite.model import Article, parse_moment

BLOCK = 10_000


def articles(count: int, seed: int) -> list[Article]:
    """The first `count` articles of the merge corpus `seed` (bench/_corpus.py's `merge_article`)."""
    pool = load_pool()
    vocabulary = pool_vocabulary(pool)
    return [merge_article(pool, vocabulary, seed, index) for index in range(count)]


def run_stage(stage: str, count: int, seed: int) -> dict[str, Any]:
    made = articles(count, seed)
    before = resident_mb()
    blocks: list[float] = []
    found = 0
    if stage == "duplicates":
        index = DuplicateIndex()
        for start in range(0, count, BLOCK):
            began = time.perf_counter()
            for article in made[start : start + BLOCK]:
                found += index.add(article.id, article.paragraphs) is not None
            blocks.append(time.perf_counter() - began)
    else:
        clusterer = StoryClusterer()
        for start in range(0, count, BLOCK):
            began = time.perf_counter()
            for article in made[start : start + BLOCK]:
                published = parse_moment(article.published)
                clusterer.add(article.id, article.headline, article.paragraphs, published)
            blocks.append(time.perf_counter() - began)
        found = len(clusterer.stories)
    return {"stage": stage, "blocks": blocks, "found": found, "grown_mb": resident_mb() - before}


def resident_mb() -> float:
    """The process's resident memory now (not its peak, which generating the articles sets)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    console = Console(width=150)
    table = Table(title=f"The merge stage over {args.articles:,} articles (one process each, one core)")
    for name in ("stage", "articles/s", "first block /s", "last block /s", "found", "memory grown MB"):
        table.add_column(name, justify="left" if name == "stage" else "right")
    for stage in ("duplicates", "stories"):
        with console.status(f"{stage}: generating and processing {args.articles:,} articles"):
            outcome = in_fresh_process(run_stage, stage, args.articles, args.seed)
        blocks = outcome["blocks"]
        label = "copies found" if stage == "duplicates" else "stories"
        table.add_row(
            stage,
            f"{args.articles / sum(blocks):,.0f}",
            f"{min(BLOCK, args.articles) / blocks[0]:,.0f}",
            f"{min(BLOCK, args.articles - BLOCK * (len(blocks) - 1)) / blocks[-1]:,.0f}",
            f"{outcome['found']:,} {label}",
            f"{outcome['grown_mb']:,.0f}",
        )
        console.print(f"{stage}: seconds per block of {BLOCK:,}: " + ", ".join(f"{b:.1f}" for b in blocks))
    console.print(table)
    copies = args.articles // COPY_EVERY
    console.print(
        f"(every {COPY_EVERY}th article is a copy of the one before it, {copies:,} in all; the others are "
        f"the generator's, one word in {REWORD} swapped so that they share words but seldom a phrase)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
