"""Serving speed: the web reader and the JSON API over a store of generated articles.

Builds a seeded corpus of processed articles (bench/_corpus.py: evaluation paragraphs
recombined, pipeline excluded) on each backend, timing `Store.add` alone; then starts
`newsbite serve` on it and drives it with concurrent keep-alive clients (one asyncio process,
httpx, HTTP/1.1): the front page, the search page and the API search, the searches cycling
through 50 query terms spread from rare to common. Prints p50/p99 latency and requests/s beside
the issue's targets, and exits 1 when one is missed. The load generator shares the machine's
cores with the server; its CPU use is printed beside the server's.

    python bench/serve.py [--articles 100000] [--seed 1] [--backends sqlite,postgresql]
                          [--seconds 20] [--clients 16] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine, create_engine, text

from _corpus import Pool, build_article, document_frequencies, load_pool, spread_terms
from newsbite.store import AddOutcome, ArticleQuery, open_store

# The targets on the 2-core benchmark machine.
TARGET_P99_MS = 100.0
TARGET_STORE_RATE = 2_000.0
QUERY_TERMS = 50
BATCH = 500  # articles per Store.add call, one transaction each
WARM_UP_SECONDS = 3.0  # per endpoint, before the measured run: pools filled, pages cached by the OS
STARTUP_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 30.0
HOST = "127.0.0.1"
# The scratch database the developers' guide promises on every machine (trust auth), as the tests use.
POSTGRESQL_URL = os.environ.get("NEWSBITE_TEST_POSTGRESQL", "postgresql://127.0.0.1:5432/test")
BENCH_FOLDER = Path(tempfile.gettempdir()) / "newsbite-bench-serve"


@dataclass(frozen=True)
class Endpoint:
    """What one measured run requests: its name and the paths its clients cycle through."""

    name: str
    paths: list[str]


@dataclass(frozen=True)
class Build:
    """How a backend's store was made: its URL, and the storing rate (None when a store was kept)."""

    backend: str
    url: str
    articles_per_second: float | None
    seconds: float


@dataclass
class Tally:
    """What the clients of one run saw: latencies (seconds) by path, failures, bytes received."""

    by_path: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    received: int = 0


@dataclass(frozen=True)
class Load:
    """One endpoint's measured run on one backend."""

    backend: str
    endpoint: str
    tally: Tally
    seconds: float
    server_cpu: float  # cores busy, on average
    client_cpu: float

    @property
    def latencies_ms(self) -> np.ndarray:
        return np.array([value for values in self.tally.by_path.values() for value in values]) * 1_000

    @property
    def requests_per_second(self) -> float:
        return sum(len(values) for values in self.tally.by_path.values()) / self.seconds


# Building the stores


def sqlite_url(seed: int, articles: int) -> str:
    return f"sqlite:///{BENCH_FOLDER / f'serve-seed{seed}-{articles}.db'}"


def backend_url(backend: str, args: argparse.Namespace) -> str:
    if backend == "sqlite":
        return sqlite_url(args.seed, args.articles)
    if backend == "postgresql":
        return args.postgresql_url
    raise SystemExit(f"error: unknown backend {backend!r} (sqlite or postgresql)")


def stored_articles(url: str) -> int:
    """How many articles the store at `url` holds (0 when its SQLite file does not exist)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return 0
    store = open_store(url)
    try:
        return store.count()
    finally:
        store.close()


def empty_database(url: str) -> None:
    """Remove the SQLite file (and its WAL), or reset PostgreSQL's `public` schema."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    engine = _postgresql_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def analyse_postgresql(url: str) -> None:
    """VACUUM ANALYZE: what autovacuum does within a minute of a bulk load, done now so runs agree."""
    engine = _postgresql_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def _postgresql_engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def store_corpus(url: str, pool: Pool, seed: int, count: int, progress: Progress) -> float:
    """Generate and store the corpus in batches; the seconds spent inside `Store.add` alone."""
    task = progress.add_task(f"storing in {url}", total=count)
    adding = 0.0
    store = open_store(url)
    try:
        for start in range(0, count, BATCH):
            batch = [build_article(pool, seed, index) for index in range(start, min(start + BATCH, count))]
            began = time.perf_counter()
            outcomes = store.add(batch)
            adding += time.perf_counter() - began
            if any(outcome is not AddOutcome.ADDED for outcome in outcomes):
                raise SystemExit(f"error: {url}: articles {start}-{start + len(batch)} were not all new")
            progress.advance(task, len(batch))
    finally:
        store.close()
    return adding


def prepare_store(backend: str, url: str, pool: Pool, args: argparse.Namespace, console: Console) -> Build:
    """The backend's store of the corpus: kept when asked and complete, else built afresh."""
    began = time.perf_counter()
    if args.keep and stored_articles(url) == args.articles:
        console.print(f"{backend}: kept the {args.articles:,} articles already in {url}")
        return Build(backend, url, None, 0.0)
    empty_database(url)
    with _progress(console) as progress:
        adding = store_corpus(url, pool, args.seed, args.articles, progress)
    if backend == "postgresql":
        analyse_postgresql(url)
    build = Build(backend, url, args.articles / adding, time.perf_counter() - began)
    console.print(
        f"{backend}: {args.articles:,} articles generated and stored in {build.seconds:.0f} s; "
        f"Store.add took {adding:.1f} s ({build.articles_per_second:,.0f} articles/s)"
    )
    return build


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def count_matches(url: str, terms: list[str]) -> list[int]:
    """How many stored articles each term's search matches (stemming makes it more than hold the word)."""
    store = open_store(url)
    try:
        return [store.count(ArticleQuery(q=term)) for term in terms]
    finally:
        store.close()


# The server


def serve_command(port: int) -> list[str]:
    """`newsbite serve` from the interpreter's own environment."""
    beside = Path(sys.executable).with_name("newsbite")
    program = str(beside) if beside.exists() else shutil.which("newsbite")
    if program is None:
        raise SystemExit("error: the newsbite command is not installed in this environment")
    return [program, "serve", "--host", HOST, "--port", str(port)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, log_path: Path) -> Iterator[tuple[str, int]]:
    """`newsbite serve` on the store at `url`, answering: its base URL and process id."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            serve_command(port),
            env={**os.environ, "NEWSBITE_DATABASE": url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://{HOST}:{port}"
    try:
        wait_until_answering(process, base, log_path)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(process: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text("utf-8", errors="replace")[-2_000:]
            raise SystemExit(f"error: newsbite serve exited with status {process.returncode}:\n{tail}")
        try:
            if httpx.get(base + "/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"error: newsbite serve did not answer within {STARTUP_SECONDS:.0f} s (log: {log_path})")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# The load


def endpoints(terms: list[str]) -> list[Endpoint]:
    return [
        Endpoint("front page", ["/"]),
        Endpoint("search page", [f"/search?q={quote(term)}" for term in terms]),
        Endpoint("API search", [f"/api/v1/articles?q={quote(term)}" for term in terms]),
    ]


async def client_loop(client: httpx.AsyncClient, paths: Iterator[str], deadline: float, tally: Tally) -> None:
    """One client: requests one after another on its connection until the deadline."""
    while time.perf_counter() < deadline:
        path = next(paths)
        began = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError:
            tally.errors += 1
            continue
        tally.by_path[path].append(time.perf_counter() - began)
        tally.received += len(response.content)
        tally.errors += response.status_code != 200


async def drive(base: str, paths: list[str], seconds: float, clients: int) -> tuple[Tally, float]:
    """`clients` concurrent clients cycling through `paths` for `seconds`: what they saw, and the time."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    tally = Tally()
    cycle = itertools.cycle(paths)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS) as client:
        began = time.perf_counter()
        deadline = began + seconds
        await asyncio.gather(*(client_loop(client, cycle, deadline, tally) for _ in range(clients)))
        return tally, time.perf_counter() - began


def measure(backend: str, endpoint: Endpoint, base: str, pid: int, args: argparse.Namespace) -> Load:
    """A warm-up run, then the measured one, with the server's and this process's CPU use."""
    asyncio.run(drive(base, endpoint.paths, WARM_UP_SECONDS, args.clients))
    gc.collect()  # no collection of the build's garbage in the middle of the timed run
    server_before, client_before = cpu_seconds(pid), time.process_time()
    tally, seconds = asyncio.run(drive(base, endpoint.paths, args.seconds, args.clients))
    return Load(
        backend,
        endpoint.name,
        tally,
        seconds,
        server_cpu=(cpu_seconds(pid) - server_before) / seconds,
        client_cpu=(time.process_time() - client_before) / seconds,
    )


# Reports


def terms_table(
    terms: list[tuple[str, int]], matches: dict[str, list[int]], loads: list[Load], articles: int
) -> Table:
    table = Table(title=f"{len(terms)} query terms, rare to common, over {articles:,} articles")
    table.add_column("term")
    table.add_column("articles holding it", justify="right")
    searches = {load.backend: load.tally.by_path for load in loads if load.endpoint == "search page"}
    for backend in matches:
        table.add_column(f"{backend} matches", justify="right")
        if backend in searches:
            table.add_column(f"{backend} search p50 ms", justify="right")
    for row, (term, holding) in enumerate(terms):
        cells = [term, f"{holding:,}"]
        for backend, counts in matches.items():
            cells.append(f"{counts[row]:,}")
            if backend in searches:
                latencies = searches[backend].get(f"/search?q={quote(term)}", [])
                cells.append(f"{np.median(latencies) * 1_000:.1f}" if latencies else "-")
        table.add_row(*cells)
    return table


def results_table(builds: list[Build], loads: list[Load], clients: int) -> tuple[Table, bool]:
    """The results beside the targets, and whether every target was met."""
    table = Table(title=f"Serving speed: {clients} concurrent clients, one asyncio process (httpx)")
    for column in ("backend", "measure", "p50 ms", "p99 ms", "req/s", "errors", "server CPU", "client CPU"):
        table.add_column(column, justify="left" if column in ("backend", "measure") else "right")
    table.add_column("target")
    table.add_column("result")
    passed = True
    for build in builds:
        rate = build.articles_per_second
        ok = rate is None or rate >= TARGET_STORE_RATE
        passed &= ok
        table.add_row(
            build.backend,
            "store (articles/s)",
            "",
            "",
            "kept, not measured" if rate is None else f"{rate:,.0f}",
            "",
            "",
            "",
            f">= {TARGET_STORE_RATE:,.0f}/s",
            _verdict(ok) if rate is not None else "-",
        )
    for load in loads:
        latencies = load.latencies_ms
        p50, p99 = np.percentile(latencies, [50, 99]) if latencies.size else (np.nan, np.nan)
        ok = bool(p99 < TARGET_P99_MS) and load.tally.errors == 0
        passed &= ok
        table.add_row(
            load.backend,
            load.endpoint,
            f"{p50:.1f}",
            f"{p99:.1f}",
            f"{load.requests_per_second:,.1f}",
            f"{load.tally.errors:,}",
            f"{load.server_cpu:.0%}",
            f"{load.client_cpu:.0%}",
            f"p99 < {TARGET_P99_MS:.0f} ms",
            _verdict(ok),
        )
    return table, passed


def _verdict(ok: bool) -> str:
    return "[green]PASS[/]" if ok else "[red]FAIL[/]"


# The run


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--seed", type=int, default=1, help="the corpus and its query terms")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per endpoint")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help="a scratch database: it is reset")
    parser.add_argument(
        "--keep", action="store_true", help="reuse a store that already holds --articles articles"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    console = Console(width=160)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    BENCH_FOLDER.mkdir(parents=True, exist_ok=True)
    with console.status("reading the evaluation texts"):
        pool = load_pool()
    console.print(f"paragraph pool: {len(pool.paragraphs):,} paragraphs from {len(pool.texts):,} texts")
    with console.status(f"counting document frequencies over {args.articles:,} articles"):
        frequencies = document_frequencies(pool, args.seed, args.articles)
    terms = spread_terms(frequencies, args.articles, QUERY_TERMS, args.seed)
    console.print("query terms (articles holding each): " + ", ".join(f"{t} ({n:,})" for t, n in terms))

    builds: list[Build] = []
    loads: list[Load] = []
    matches: dict[str, list[int]] = {}
    for backend in backends:
        url = backend_url(backend, args)
        builds.append(prepare_store(backend, url, pool, args, console))
        matches[backend] = count_matches(url, [term for term, _ in terms])
        with running_server(url, BENCH_FOLDER / f"serve-{backend}.log") as (base, pid):
            for endpoint in endpoints([term for term, _ in terms]):
                with console.status(f"{backend}: {endpoint.name}, {args.seconds:.0f} s"):
                    loads.append(measure(backend, endpoint, base, pid, args))

    console.print(terms_table(terms, matches, loads, args.articles))
    table, passed = results_table(builds, loads, args.clients)
    console.print(table)
    console.print(
        "server CPU and client CPU: cores busy on average (the machine has "
        f"{os.cpu_count()}); latency is measured by the client, so it includes the client's own queueing."
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
