# ruff: noqa: E402  (the thread settings must come before numpy is imported)
"""The understand stage's speed beside bare spaCy on the same articles, one process.

Words per second per core for (a) bare `nlp.pipe` with the configured pipeline and (b)
NewsBite's understand stage (the same `nlp.pipe` plus entities, places, quotes, claims and
numbers), on the same texts, after an untimed warm-up that loads the pipeline and the
gazetteer. The ratio is the cost of NewsBite's own code; the issue's target is at most 1.5x.

    python bench/speed.py [--articles 200] [--repeats 3]
"""

from __future__ import annotations

import os

# "Per core" means one thread: keep the numeric libraries from spreading over every core.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import json
import sys
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from _eval import eval_folder
from newsbite.config import Settings
from newsbite.model import Article, Section
from newsbite.understand import analyse
from newsbite.understand.nlp import load_pipeline


def articles_from_eval(count: int) -> list[Article]:
    """Real news texts: the first `count` articles of the quotes evaluation set."""
    path = eval_folder("quotes") / "dev.jsonl"
    articles = []
    for line in path.read_text("utf-8").splitlines()[:count]:
        record = json.loads(line)
        paragraphs = [part.strip() for part in record["text"].split("\n") if part.strip()]
        articles.append(
            Article(id=record["id"], origin=str(path), sections=[Section(None, paragraphs)], language="en")
        )
    return articles


def best_seconds(run: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each; the fastest counts")
    args = parser.parse_args()
    settings = Settings()
    articles = articles_from_eval(args.articles)
    texts = [article.text for article in articles]
    words = sum(len(text.split()) for text in texts)
    nlp = load_pipeline(settings.spacy_model)
    analyse(articles[:5], settings)  # warm-up: pipeline and gazetteer loaded, caches filled

    bare = best_seconds(lambda: list(nlp.pipe(texts, batch_size=settings.nlp_batch_size)), args.repeats)
    ours = best_seconds(lambda: analyse(articles, settings), args.repeats)
    table = Table(title=f"Understand speed: {len(articles)} articles, {words:,} words, 1 process (1 core)")
    for column in ("run", "seconds", "words / s / core", "cost vs bare spaCy"):
        table.add_column(column, justify="right" if column != "run" else "left")
    table.add_row(f"bare nlp.pipe ({settings.spacy_model})", f"{bare:.2f}", f"{words / bare:,.0f}", "1.00x")
    table.add_row("NewsBite understand stage", f"{ours:.2f}", f"{words / ours:,.0f}", f"{ours / bare:.2f}x")
    console = Console(width=120)
    console.print(table)
    console.print("Target (issue 3): the stage costs no more than 1.5x bare spaCy.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
