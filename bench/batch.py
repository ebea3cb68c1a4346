"""`newsbite batch` on Dask: articles per second and peak memory per worker, 1 and 2 workers,
beside the same job in one process without Dask, all on the same articles in one run.

The articles are bench/_corpus.py's (evaluation paragraphs recombined by a seeded generator),
written out as a JSONL corpus of records (title, text, url, published, source), so the whole
pipeline runs on them: clean, understand (spaCy) and bite, then the Parquet tables and the
merge. Every timing includes loading the pipeline and, for Dask, starting the LocalCluster.

    python bench/batch.py [--articles 5000] [--partition-size 250]
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
        outcomes = list(pipeline.run(partition_documents(partition, settings.max_document_bytes)))
        tables = partition_tables(outcomes, partition.index)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--partition-size", type=int, default=250)
    args = parser.parse_args()
    console = Console(width=150)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = str(Path(folder) / "corpus.jsonl")
        with console.status(f"writing {args.articles:,} articles"):
            write_corpus(Path(corpus), args.articles)
        with console.status("one process, no Dask"):
            results["single process"] = in_fresh_process(
                single_process, corpus, f"{folder}/single", args.partition_size
            )
        for workers in (1, 2):
            with console.status(f"Dask, {workers} worker(s)"):
                results[f"Dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}"] = on_dask(
                    corpus, f"{folder}/dask{workers}", args.partition_size, workers
                )
    table = Table(
        title=f"newsbite batch over {args.articles:,} articles (partitions of {args.partition_size})"
    )
    for name in (
        "run",
        "articles",
        "seconds",
        "articles/s",
        "vs one process",
        "vs 1 worker",
        "peak MB per worker",
    ):
        table.add_column(name, justify="left" if name == "run" else "right")
    single = results["single process"]["seconds"]
    one_worker = results["Dask LocalCluster, 1 worker"]["seconds"]
    for name, result in results.items():
        seconds = result["seconds"]
        table.add_row(
            name,
            f"{result['articles']:,}",
            f"{seconds:,.1f}",
            f"{result['articles'] / seconds:,.1f}",
            f"{single / seconds:.2f}x",
            f"{one_worker / seconds:.2f}x" if name.startswith("Dask") else "",
            ", ".join(f"{peak:,.0f}" for peak in result["peak_mb"]),
        )
    console.print(table)
    two = one_worker / results["Dask LocalCluster, 2 workers"]["seconds"]
    overhead = one_worker / single - 1
    console.print(
        f"targets: 2 workers >= 1.7x 1 worker: {two:.2f}x ({'met' if two >= 1.7 else 'not met'}); "
        f"1 worker within 15% of one process: {overhead:+.1%} ({'met' if overhead <= 0.15 else 'not met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
