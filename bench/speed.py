# ruff: noqa: E402  (the thread settings must come before numpy is imported)
"""What NewsBite costs beside the bare tools it is built on, timed as a user meets them.

1. **The whole line beside a bare parse**, as whole processes, started afresh each time:
   `newsbite bite --format jsonl` over 200 real news articles (JSONL records of
   ../shared/eval/clustering/dev.jsonl) against a bare spaCy process over the same texts
   (`spacy.load` of the configured pipeline with its default components, `nlp.pipe` with
   `batch_size=32`). Both include starting Python and loading the pipeline. The two are
   alternated, `--rounds` times; the medians and their ratio are printed.
2. **The understand stage beside `nlp.pipe`, in one process**, after a warm-up: NewsBite's
   parse (the model with its attribute ruler and lemmatizer as lookups) and its own passes over
   it (entities, places, quotes, claims, numbers), beside the stock model's `nlp.pipe`; and
   NewsBite's parse alone beside it.
3. **The clean stage beside bare trafilatura**, in one process, on the extraction set's 121 pages
   (../shared/eval/extraction/dev): `clean_document` of each page against
   `trafilatura.extract` of each, alternated, medians.

Every process runs on one thread ("per core"); the machine should be otherwise idle.

    python bench/speed.py [--articles 200] [--rounds 3] [--skip-processes]
"""

from __future__ import annotations

import os

# "Per core" means one thread: keep the numeric libraries from spreading over every core.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import compileall
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import spacy
import trafilatura
from rich.console import Console
from rich.table import Table

import newsbite
from _eval import eval_folder
from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.model import Article, Document, DocumentKind, Section
from newsbite.understand import analyse
from newsbite.understand.nlp import load_pipeline

# The bare parse a user would write, as its own process: default components, batch_size=32.
BARE_PARSE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def clustering_records(count: int) -> list[dict]:
    """The first `count` records of the clustering set: real articles with their text."""
    lines = (eval_folder("clustering") / "dev.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines[:count]]


def extraction_pages() -> list[str]:
    folder = eval_folder("extraction") / "dev" / "html"
    return [
        gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        for path in sorted(folder.iterdir())
    ]


def seconds_of(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def alternated(runs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Each run's median seconds, the runs taken in turn `rounds` times (so drift hits all alike)."""
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            timings[name].append(run())
    return {name: statistics.median(values) for name, values in timings.items()}


def timed(work: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        began = time.perf_counter()
        work()
        return time.perf_counter() - began

    return run


def whole_processes(records: list[dict], model: str, rounds: int) -> dict[str, float]:
    # An installed package carries its bytecode (pip compiles it on install). A source checkout
    # run with PYTHONDONTWRITEBYTECODE, as here, would compile NewsBite's 80-odd modules at every
    # start: 0.17 s that no installed copy pays.
    compileall.compile_dir(Path(newsbite.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="newsbite-speed-") as folder:
        corpus = Path(folder) / "articles.jsonl"
        corpus.write_text("".join(json.dumps(record) + "\n" for record in records), "utf-8")
        command = str(Path(sys.executable).parent / "newsbite")
        return alternated(
            {
                "bare": lambda: seconds_of([sys.executable, "-c", BARE_PARSE, str(corpus), model]),
                "bite": lambda: seconds_of([command, "bite", "--format", "jsonl", str(corpus)]),
            },
            rounds,
        )


def as_articles(records: list[dict]) -> list[Article]:
    return [
        Article(
            id=record["id"],
            origin="clustering/dev.jsonl",
            sections=[Section(None, [part.strip() for part in record["text"].split("\n") if part.strip()])],
            language="en",
        )
        for record in records
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of each; medians count")
    parser.add_argument(
        "--skip-processes", action="store_true", help="leave out the whole-process rows (the slow part)"
    )
    args = parser.parse_args()
    settings = Settings()
    records = clustering_records(args.articles)
    words = sum(len(record["text"].split()) for record in records)
    console = Console(width=120)

    table = Table(title=f"NewsBite beside the bare tools: medians of {args.rounds} alternated rounds")
    for column in ("what", "input", "bare", "NewsBite", "cost vs bare"):
        table.add_column(column, justify="left" if column in ("what", "input") else "right")
    corpus = f"{len(records)} articles, {words:,} words"
    if not args.skip_processes:
        medians = whole_processes(records, settings.spacy_model, args.rounds)
        table.add_row(
            f"newsbite bite --format jsonl vs a bare spaCy process ({settings.spacy_model}, batch 32)",
            corpus,
            f"{medians['bare']:.2f} s",
            f"{medians['bite']:.2f} s",
            f"{medians['bite'] / medians['bare']:.2f}x",
        )

    stock = spacy.load(settings.spacy_model)  # the bare parse, as a user loads it
    ours = load_pipeline(settings.spacy_model)  # NewsBite's: the same model, lookup components
    articles = as_articles(records)
    texts = [article.text for article in articles]
    analyse(articles[:5], settings)  # warm-up: pipeline and gazetteer loaded, caches filled
    list(stock.pipe(texts[:5]))
    medians = alternated(
        {
            "bare": timed(lambda: list(stock.pipe(texts, batch_size=settings.nlp_batch_size))),
            "parse": timed(lambda: list(ours.pipe(texts, batch_size=settings.nlp_batch_size))),
            "ours": timed(lambda: analyse(articles, settings)),
        },
        args.rounds,
    )
    table.add_row(
        "understand stage vs nlp.pipe, in one process", corpus, f"{medians['bare']:.2f} s",
        f"{medians['ours']:.2f} s", f"{medians['ours'] / medians['bare']:.2f}x",
    )  # fmt: skip
    table.add_row(
        "  of which NewsBite's parse (lookup components)", corpus, f"{medians['bare']:.2f} s",
        f"{medians['parse']:.2f} s", f"{medians['parse'] / medians['bare']:.2f}x",
    )  # fmt: skip

    pages = extraction_pages()
    documents = [Document(f"page {index}", DocumentKind.HTML, page) for index, page in enumerate(pages)]
    for page in pages[:3]:
        trafilatura.extract(page)  # warm-up
    limit = settings.max_article_chars
    medians = alternated(
        {
            "bare": timed(lambda: [trafilatura.extract(page) for page in pages]),
            "ours": timed(lambda: [clean_document(document, limit) for document in documents]),
        },
        args.rounds,
    )
    table.add_row(
        f"clean stage vs trafilatura {version('trafilatura')} extract(), in one process",
        f"{len(pages)} news pages", f"{medians['bare']:.2f} s", f"{medians['ours']:.2f} s",
        f"{medians['ours'] / medians['bare']:.2f}x",
    )  # fmt: skip
    console.print(table)
    console.print(
        "Targets (issue 23): the whole `newsbite bite` process at most 1.0x the bare parse (goal 0.8x);"
        " the clean stage at most 2.0x bare trafilatura. Issue 22: the understand stage at most 1.09x."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
