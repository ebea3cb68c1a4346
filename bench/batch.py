"""`newsbite batch` on Dask: articles per second and peak memory per worker, 1 and 2 workers,
beside the same job in one process without Dask, all on the same articles in one run.

The articles are bench/_corpus.py's (evaluation paragraphs recombined by a seeded generator),
written out as a JSONL corpus of records (title, text, url, published, source), so the whole
pipeline runs on them: clean, understand (spaCy) and bite, then the Parquet tables and the
merge. Every timing includes loading the pipeline and, for Dask, starting the LocalCluster.

    python bench/batch.py [--articles 5000] [--partition-size 250] [--rounds 1]

With several rounds the three runs take turns, so that the machine's drift touches each alike.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from _corpus import build_article, load_pool
from _eval import in_fresh_process
from newsbite.batch.merge import assign
from newsbite.batch.partitions import partition_documents, plan, scan
from newsbite.batch.run import dask_client, run_batch, write_partition
from newsbite.batch.tables import partition_tables
from newsbite.config import Settings
from newsbite.pipeline import Pipeline

SEED = 7


def write_corpus(path: Path, count: int) -> None:
    pool = load_pool()
    with path.open("w", encoding="utf-8") as output:
        for index in range(count):
            article = build_article(pool, SEED, index)
            record = {
                "id": article.id,
                "title": article.headline,
                "text": "\n\n".join(article.paragraphs),
                "url": article.url,
                "published": article.published,
                "source": article.publisher,
            }
            output.write(json.dumps(record) + "\n")


def single_process(corpus: str, out: str, partition_size: int) -> dict[str, Any]:
    """The same job without Dask: every partition in turn in this process."""
    began = time.perf_counter()
    settings = Settings()
    pipeline = Pipeline(settings)
    partitions = plan([corpus], [scan(corpus, settings.max_document_bytes, partition_size)])
    articles = 0
    for partition in partitions:
        documents = partition_documents(partition, settings.max_document_bytes)
        outcomes = list(pipeline.run(documents))
        tables = partition_tables(documents, outcomes, partition.index)
        write_partition(Path(out), partition, tables)
        articles += tables["articles"].num_rows
    assign(out)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "articles": articles, "peak_mb": [peak]}


def on_dask(corpus: str, out: str, partition_size: int, workers: int) -> dict[str, object]:
    began = time.perf_counter()
    with dask_client(workers, None) as client:
        reports = run_batch(client, [corpus], Path(out), Settings(), partition_size)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "articles": sum(r.articles for r in reports), "peak_mb": list(peaks.values())}


RUNS = ("one process, no Dask", "Dask LocalCluster, 1 worker", "Dask LocalCluster, 2 workers")
COLUMNS = ("run", "articles", "seconds", "articles/s", "vs one process", "vs 1 worker", "peak MB per worker")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=1, help="times to run all three, taking turns")
    args = parser.parse_args()
    console = Console(width=150)
    results: dict[str, list[dict]] = {name: [] for name in RUNS}
    with tempfile.TemporaryDirectory() as folder:
        corpus = str(Path(folder) / "corpus.jsonl")
        with console.status(f"writing {args.articles:,} articles"):
            write_corpus(Path(corpus), args.articles)
        for round_ in range(args.rounds):
            out = f"{folder}/{round_}"
            with console.status(f"round {round_ + 1}: one process, no Dask"):
                run = in_fresh_process(single_process, corpus, f"{out}-single", args.partition_size)
            results[RUNS[0]].append(run)
            console.print(f"round {round_ + 1}, {RUNS[0]}: {described(run)}")  # a run lost later keeps this
            for workers, name in ((1, RUNS[1]), (2, RUNS[2])):
                with console.status(f"round {round_ + 1}: {name}"):
                    run = on_dask(corpus, f"{out}-dask{workers}", args.partition_size, workers)
                results[name].append(run)
                console.print(f"round {round_ + 1}, {name}: {described(run)}")
    console.print(results_table(results, args))
    console.print(targets(results))
    return 0


def described(run: dict) -> str:
    peaks = ", ".join(f"{peak:,.0f}" for peak in run["peak_mb"])
    rate = run["articles"] / run["seconds"]
    return f"{run['articles']:,} articles in {run['seconds']:,.0f} s, {rate:.1f}/s, peak {peaks} MB"


def results_table(results: dict[str, list[dict]], args: argparse.Namespace) -> Table:
    """One row per run, each cell the rounds' figures in turn (the ratios are within a round)."""
    table = Table(
        title=f"newsbite batch over {args.articles:,} articles (partitions of {args.partition_size}), "
        f"{args.rounds} round(s)"
    )
    for name in COLUMNS:
        table.add_column(name, justify="left" if name == "run" else "right")
    single = [r["seconds"] for r in results[RUNS[0]]]
    one_worker = [r["seconds"] for r in results[RUNS[1]]]
    for name, rounds in results.items():
        seconds = [r["seconds"] for r in rounds]
        table.add_row(
            name,
            " / ".join(f"{r['articles']:,}" for r in rounds),
            " / ".join(f"{s:,.0f}" for s in seconds),
            " / ".join(f"{r['articles'] / r['seconds']:,.1f}" for r in rounds),
            " / ".join(f"{base / s:.2f}x" for base, s in zip(single, seconds, strict=True)),
            " / ".join(f"{base / s:.2f}x" for base, s in zip(one_worker, seconds, strict=True))
            if name != RUNS[0]
            else "",
            " / ".join(", ".join(f"{peak:,.0f}" for peak in r["peak_mb"]) for r in rounds),
        )
    return table


def targets(results: dict[str, list[dict]]) -> str:
    """The issue's two targets, on the rounds' total times."""
    single, one, two = (sum(r["seconds"] for r in results[name]) for name in RUNS)
    speedup, overhead = one / two, one / single - 1
    return (
        f"targets (all rounds): 2 workers >= 1.7x 1 worker: {speedup:.2f}x "
        f"({'met' if speedup >= 1.7 else 'not met'}); 1 worker within 15% of one process: "
        f"{overhead:+.1%} ({'met' if overhead <= 0.15 else 'not met'})"
    )


if __name__ == "__main__":
    sys.exit(main())
