"""Reading a batch's partitions: files entered at a record's byte offset, beside files that can
only be read from their start, on the same documents in one run.

The pages are the extraction set's (../shared/eval/extraction/dev), repeated under distinct URLs
to `--documents` documents as bench/ingest.py writes them, in four files: a WARC gzip'd a record
at a time (as crawlers and CC-NEWS write them), the same WARC gzip'd whole, and the same pages as
JSONL records, plain and gzip'd. Each file is scanned into partitions as `newsbite batch` does,
then every partition is read in turn, as the workers would read them.

    python bench/partitions.py [--documents 5000] [--partition-size 500]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest import load_pages, write_corpora
from newsbite.batch.partitions import partition_documents, plan, read_documents, scan
from newsbite.config import Settings

MAX_BYTES = Settings().max_document_bytes


def measure(path: Path, partition_size: int) -> dict[str, float]:
    began = time.perf_counter()
    partitions = plan([str(path)], [scan(str(path), MAX_BYTES, partition_size)])
    scanned = time.perf_counter()
    read = [len(partition_documents(partition, MAX_BYTES)) for partition in partitions]
    every = time.perf_counter()
    last = partition_documents(partitions[-1], MAX_BYTES)
    lasted = time.perf_counter()
    whole = sum(1 for _ in read_documents(str(path), MAX_BYTES))
    assert sum(read) == whole and len(last) == read[-1]
    return {
        "documents": whole,
        "partitions": len(partitions),
        "offsets": all(partition.offset is not None for partition in partitions),
        "scan": scanned - began,
        "every": every - scanned,
        "last": lasted - every,
        "once": time.perf_counter() - lasted,
    }


def write_files(documents: int, folder: Path) -> dict[str, Path]:
    warc, jsonl_gz = write_corpora(load_pages(), documents, folder)
    whole, jsonl = folder / "whole.warc.gz", folder / "pages.jsonl"
    whole.write_bytes(gzip.compress(gzip.decompress(warc.read_bytes())))
    with gzip.open(jsonl_gz, "rb") as source, jsonl.open("wb") as target:
        shutil.copyfileobj(source, target)
    return {
        "WARC, gzip'd a record at a time": warc,
        "WARC, gzip'd whole": whole,
        "JSONL, plain": jsonl,
        "JSONL, gzip'd": jsonl_gz,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--partition-size", type=int, default=500)
    args = parser.parse_args()
    console = Console(width=150)
    table = Table(title=f"{args.documents:,} pages in partitions of {args.partition_size}")
    for name in (
        "file",
        "partitions",
        "entered at offsets",
        "scan s",
        "one pass s",
        "every partition s",
        "last partition s",
    ):
        table.add_column(name, justify="left" if name == "file" else "right")
    with tempfile.TemporaryDirectory() as folder:
        with console.status("writing the files"):
            files = write_files(args.documents, Path(folder))
        for name, path in files.items():
            with console.status(name):
                result = measure(path, args.partition_size)
            table.add_row(
                name,
                f"{result['partitions']:,}",
                "yes" if result["offsets"] else "no",
                f"{result['scan']:.1f}",
                f"{result['once']:.1f}",
                f"{result['every']:.1f}",
                f"{result['last']:.2f}",
            )
    console.print(table)
    console.print(
        "one pass: reading the whole file once; every partition: reading each partition in turn, "
        "as the workers do between them"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
