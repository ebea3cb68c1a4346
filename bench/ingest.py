"""Ingest speed: documents per second for WARC and JSONL corpora, beside trafilatura alone.

The pages are the extraction set's (../shared/eval/extraction/dev, 121 real news pages),
repeated under distinct URLs to `--documents` documents and written, in a temporary folder, as a
gzip'd WARC of HTTP responses and as gzip'd JSONL records ({"url", "html"}). Each row is timed
in the same run on this machine:

- trafilatura alone: `trafilatura.extract(html)` on every page, in 1 and in 2 processes (the
  floor for the extraction NewsBite does: what a plain extractor costs);
- NewsBite reading only: the corpus streamed into documents (warcio / JSONL, decoding);
- NewsBite clean: reading plus the clean stage (trafilatura and readability fused, metadata,
  residue), one process: the row to set beside trafilatura's;
- `newsbite ingest --workers N`: the whole job into a fresh SQLite store (clean, understand,
  bite, store), 1 and 2 workers.

    python bench/ingest.py [--documents 600] [--keep-files]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from _eval import eval_folder
from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.ingest.files import documents_from_path

URL_PREFIX = "https://bench.newsbite.example/page/"


@dataclass(frozen=True)
class Row:
    system: str
    input: str
    processes: int
    documents: int
    seconds: float
    failed: int = 0

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds


def load_pages() -> list[str]:
    folder = eval_folder("extraction") / "dev" / "html"
    return [
        gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        for path in sorted(folder.iterdir())
    ]


def write_corpora(pages: list[str], count: int, folder: Path) -> tuple[Path, Path]:
    """The same `count` documents as a gzip'd WARC and as gzip'd JSONL."""
    warc, jsonl = folder / "pages.warc.gz", folder / "pages.jsonl.gz"
    with warc.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for index in range(count):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1")
            payload = io.BytesIO(pages[index % len(pages)].encode("utf-8"))
            record = writer.create_warc_record(
                f"{URL_PREFIX}{index}", "response", payload=payload, http_headers=headers
            )
            writer.write_record(record)
    with gzip.open(jsonl, "wt", encoding="utf-8") as output:
        for index in range(count):
            output.write(
                json.dumps({"url": f"{URL_PREFIX}{index}", "html": pages[index % len(pages)]}) + "\n"
            )
    return warc, jsonl


def _extract(html: str) -> bool:
    return trafilatura.extract(html) is not None


def time_trafilatura(pages: list[str], count: int, processes: int) -> Row:
    htmls = [pages[index % len(pages)] for index in range(count)]
    began = time.perf_counter()
    if processes == 1:
        found = [_extract(html) for html in htmls]
    else:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            found = pool.map(_extract, htmls, chunksize=8)
    seconds = time.perf_counter() - began
    return Row(
        f"trafilatura {version('trafilatura')} extract() alone",
        "pages in memory",
        processes,
        count,
        seconds,
        found.count(False),
    )


def time_reading(path: Path, label: str, clean: bool) -> Row:
    settings = Settings()
    began = time.perf_counter()
    documents = failed = 0
    for document in documents_from_path(path, settings.max_document_bytes):
        documents += 1
        if isinstance(document, NewsBiteError):
            failed += 1
        elif clean:
            try:
                clean_document(document)
            except NewsBiteError:
                failed += 1
    system = "NewsBite: read + clean stage" if clean else "NewsBite: read only"
    return Row(system, label, 1, documents, time.perf_counter() - began, failed)


def time_ingest(path: Path, label: str, workers: int, folder: Path) -> Row:
    database = folder / f"ingest-{label.split()[0]}-{workers}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    command = [sys.executable, "-m", "newsbite", "ingest", "--workers", str(workers), str(path)]
    environment = {**os.environ, "NEWSBITE_DATABASE": f"sqlite:///{database}"}
    began = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if done.returncode not in (0, 1):
        raise SystemExit(f"error: newsbite ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    counts = dict(reversed(part.strip().split(" ", 1)) for part in summary.split(" in ")[0].split(","))
    documents = sum(int(counts.get(name, 0)) for name in ("added", "updated", "unchanged", "failed"))
    return Row(
        f"newsbite ingest --workers {workers}",
        label,
        workers,
        documents,
        seconds,
        int(counts.get("failed", 0)),
    )


def table(rows: list[Row], baseline: Row) -> Table:
    result = Table(
        title="Ingest speed (whole command time for `newsbite ingest`, start-up and model loading included)"
    )
    for name in (
        "system",
        "input",
        "processes",
        "documents",
        "failed",
        "seconds",
        "docs/s",
        "ms/doc",
        "vs trafilatura, same processes",
    ):
        result.add_column(name, justify="left" if name in ("system", "input") else "right")
    alone = {row.processes: row for row in rows if row.system.startswith("trafilatura")}
    for row in rows:
        floor = alone.get(row.processes, baseline)
        result.add_row(
            row.system,
            row.input,
            str(row.processes),
            f"{row.documents:,}",
            f"{row.failed:,}",
            f"{row.seconds:.1f}",
            f"{row.per_second:,.1f}",
            f"{1000 * row.seconds / row.documents:.1f}",
            f"{floor.per_second / row.per_second:.2f}x the time",
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600, help="documents in each corpus")
    parser.add_argument("--keep-files", action="store_true", help="leave the corpora and stores in place")
    args = parser.parse_args()
    console = Console(width=170)
    console.print(f"load average at start: {os.getloadavg()[0]:.2f} over {os.cpu_count()} cores")
    pages = load_pages()
    folder = Path(tempfile.mkdtemp(prefix="newsbite-bench-ingest-"))
    warc, jsonl = write_corpora(pages, args.documents, folder)
    console.print(
        f"{args.documents:,} documents from {len(pages)} pages: {warc} ({warc.stat().st_size / 1e6:.1f} MB), "
        f"{jsonl} ({jsonl.stat().st_size / 1e6:.1f} MB)"
    )
    steps: list[tuple[str, Callable[[], Row]]] = [
        ("trafilatura, 1 process", lambda: time_trafilatura(pages, args.documents, 1)),
        ("trafilatura, 2 processes", lambda: time_trafilatura(pages, args.documents, 2)),
        ("reading the WARC", lambda: time_reading(warc, "WARC (gzip)", clean=False)),
        ("reading the JSONL", lambda: time_reading(jsonl, "JSONL (gzip)", clean=False)),
        ("cleaning the WARC", lambda: time_reading(warc, "WARC (gzip)", clean=True)),
        ("ingesting the WARC, 1 worker", lambda: time_ingest(warc, "WARC (gzip)", 1, folder)),
        ("ingesting the JSONL, 1 worker", lambda: time_ingest(jsonl, "JSONL (gzip)", 1, folder)),
        ("ingesting the WARC, 2 workers", lambda: time_ingest(warc, "WARC (gzip)", 2, folder)),
        ("ingesting the JSONL, 2 workers", lambda: time_ingest(jsonl, "JSONL (gzip)", 2, folder)),
    ]
    rows = []
    for description, step in steps:
        with console.status(description):
            rows.append(step())
        console.print(f"{description}: {rows[-1].per_second:,.1f} documents/s")
    console.print(table(rows, rows[0]))
    if not args.keep_files:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
