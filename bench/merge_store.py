"""The merge stage kept in the store: how fast stored articles are merged, and what a restart costs.

bench/merge_scale.py's articles (each copy run by another outlet under its own URL) are stored
first, untimed, so that all wait to be merged; then a StoredMerge merges them in passes (the
rate, and the process's memory grown), a new StoredMerge reads the whole state back (what a
restarted `newsbite watch` or a second writer does once), and a last batch is stored and merged
after that restart. Each backend runs in a process of its own.

    python bench/merge_store.py [--articles 20000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, func, select, text

from _eval import in_fresh_process
from merge_scale import COPY_EVERY, articles
from newsbite.config import Settings
from newsbite.store import StoredMerge, open_store
from newsbite.store.tables import article_merge

POSTGRESQL_URL = "postgresql://127.0.0.1:5432/test"
SCHEMA = "newsbite_merge_bench"
STORE_BATCH = 500
AFTER_RESTART = 1_000


def database(backend: str, folder: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder}/merge.db"
    engine = create_engine(POSTGRESQL_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return f"{POSTGRESQL_URL}?options=-csearch_path%3D{SCHEMA}"


def run_backend(backend: str, count: int, seed: int) -> dict[str, Any]:
    made = articles(count + AFTER_RESTART, seed)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(database(backend, folder))
        for start in range(0, count, STORE_BATCH):
            store.add(made[start : min(count, start + STORE_BATCH)])
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        merged = StoredMerge(store, Settings()).run()
        merging = time.perf_counter() - began
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        restarted = StoredMerge(store, Settings())
        began = time.perf_counter()
        restarted.run()  # nothing pending: reads the state back
        reading = time.perf_counter() - began
        store.add(made[count:])
        began = time.perf_counter()
        after = restarted.run()
        incremental = time.perf_counter() - began
        with store.engine.connect() as connection:
            copies = connection.execute(
                select(func.count()).select_from(article_merge).where(article_merge.c.copy_of.is_not(None))
            ).scalar_one()
        stories = store.stories.count()
        store.close()
    return {
        "merged": merged,
        "rate": merged / merging,
        "grown_mb": grown,
        "reading": reading,
        "after_rate": after / incremental,
        "copies": copies,
        "stories": stories,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    console = Console(width=150)
    table = Table(
        title=f"The merge stage in the store: {args.articles:,} stored articles, then {AFTER_RESTART:,} more"
    )
    columns = ("backend", "merged/s", "memory grown MB", "restart: state read in s", "merged/s after")
    for name in (*columns, "copies", "stories"):
        table.add_column(name, justify="left" if name == "backend" else "right")
    for backend in args.backends.split(","):
        with console.status(f"{backend}: storing and merging {args.articles:,} articles"):
            outcome = in_fresh_process(run_backend, backend, args.articles, args.seed)
        table.add_row(
            backend,
            f"{outcome['rate']:,.0f}",
            f"{outcome['grown_mb']:,.0f}",
            f"{outcome['reading']:.1f}",
            f"{outcome['after_rate']:,.0f}",
            f"{outcome['copies']:,}",
            f"{outcome['stories']:,}",
        )
    console.print(table)
    expected = (args.articles + AFTER_RESTART) // COPY_EVERY
    console.print(f"(about {expected:,} of the articles are syndicated copies of the one before them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
