"""Serving speed: the web reader and the JSON API over a store of generated, merged articles.

Builds a seeded corpus of processed articles on each backend (bench/_corpus.py's merge corpus:
evaluation paragraphs recombined, one word in four swapped, every tenth article a syndicated
copy of the one before it run by another outlet; the pipeline is not run), timing `Store.add`
alone from `--writers` processes at once (one per core by default, as concurrent `newsbite
ingest` runs write; each process builds its articles before the clock starts); then runs the
merge stage over the store as `newsbite watch` would (copies folded into items, coverage into
stories), timed apart. Then starts `newsbite serve` on it and drives it with concurrent clients
(one asyncio process, one HTTP/1.1 keep-alive connection each): the front page (stories
ranked), story pages (the 50 top-ranked stories, the ones a reader opens), the search page and
the API search (cycling through 50 query terms spread from rare to common), and the articles
list (the reader's latest page and the API's list). Then signed-in readers (bench/_readers.py: four
users, each following 7 of 10 feeds the articles are spread over, 30% of items read), added for
the run and removed after it, on a server of their own: the front page, the story pages and the
unread view, each reader's session in turn (each reader first visits each path on six
connections, as readers open the top stories: the story pages their feeds make are built then,
on each worker, and kept until the story changes); and their apps on the Google Reader API, each
signed in once by ClientLogin: the unread counts and the newest 50 of the reading list, as an app
asks on every sync. Prints p50/p99 latency and requests/s beside
the issue's targets, and exits 1 when one is missed. The load generator shares the machine's
cores with the server; its CPU use is printed beside the server's.

The SQLite store is a file under the system's temp folder; PostgreSQL is a database of its own
(newsbite_bench, created when missing and emptied before each build) on the local server.

    python bench/serve.py [--articles 100000] [--seed 1] [--backends sqlite,postgresql]
                          [--seconds 20] [--clients 16] [--workers 1] [--writers 2] [--keep]
                          [--store-only] [--only ENDPOINT,...]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import multiprocessing
import multiprocessing.synchronize
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from _corpus import Pool, Term, load_pool, merge_article, pool_vocabulary, spread_terms, stem_frequencies
from _readers import APP_PASSWORD, FEEDS, FOLLOWED, READERS, sign_in_readers, sign_out_readers
from newsbite.config import Settings
from newsbite.model import Article
from newsbite.store import AddOutcome, ArticleQuery, StoredMerge, open_store, stored_id

# The targets on the 2-core benchmark machine.
TARGET_P99_MS = 100.0
TARGET_STORE_RATE = 2_000.0
QUERY_TERMS = 50
STORY_PAGES = 50  # the top-ranked stories, whose pages the story-page run cycles through
BATCH = 500  # articles per Store.add call, one transaction each
VISITS = 6  # connections each signed-in reader first visits every path on (visit_each)
WARM_UP_SECONDS = 3.0  # per endpoint, before the measured run: pools filled, pages cached by the OS
STARTUP_SECONDS = 60.0
WRITER_READY_SECONDS = 600.0  # for a writer to build its share of the corpus, or to store one batch
REQUEST_TIMEOUT_SECONDS = 30.0
HOST = "127.0.0.1"
# A database of its own on the server the developers' guide promises (trust auth): the tests reset
# the `test` database whenever they run, which would empty a store while it is being measured.
POSTGRESQL_URL = "postgresql://127.0.0.1:5432/newsbite_bench"
BENCH_FOLDER = Path(tempfile.gettempdir()) / "newsbite-bench-serve"


@dataclass(frozen=True)
class Endpoint:
    """What one measured run requests: its name and the paths its clients cycle through."""

    name: str
    paths: list[str]
    # Signed-in readers' header lines (a session's Cookie, an app's Authorization), one per client
    # in turn; none: the local reader.
    headers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Build:
    """How a backend's store was made: its URL, the storing rate (None when a store was kept) with
    how many writer processes, the merge's rate (None when nothing was left to merge), and the
    items and stories the merge made."""

    backend: str
    url: str
    articles_per_second: float | None
    seconds: float
    writers: int
    merged_per_second: float | None = None
    items: int = 0
    stories: int = 0


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


@dataclass(frozen=True)
class Corpus:
    """The merge corpus of one seed: any of its articles, rebuilt alone from the paragraph pool."""

    pool: Pool
    vocabulary: np.ndarray
    seed: int

    def article(self, index: int) -> Article:
        return merge_article(self.pool, self.vocabulary, self.seed, index)


def holds_corpus(url: str, corpus: Corpus, count: int) -> bool:
    """Whether the store at `url` holds exactly this corpus: its count, and its last article."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    store = open_store(url)
    try:
        last = stored_id(corpus.article(count - 1))
        return store.count(ArticleQuery(copies=True)) == count and store.get(last) is not None
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


def create_postgresql_database(url: str) -> None:
    """Create the URL's database when its server does not have it (connected to `postgres`)."""
    name = make_url(url).database
    engine = _postgresql_engine(make_url(url).set(database="postgres").render_as_string(hide_password=False))
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if found.first() is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
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


def store_corpus(url: str, corpus: Corpus, args: argparse.Namespace, progress: Progress) -> list[float]:
    """Store the corpus from `args.writers` processes at once, each adding its own batches.

    Each writer builds its articles first (the generator is not what is measured), then all start
    together; the result is when each batch was stored, in seconds from that start, in order.
    """
    context = multiprocessing.get_context("fork")  # the corpus is shared, not pickled
    ready = context.Barrier(args.writers + 1)
    stored = context.Queue()
    writers = [
        context.Process(target=_writer, args=(url, corpus, args, index, ready, stored))
        for index in range(args.writers)
    ]
    for writer in writers:
        writer.start()
    task = progress.add_task(f"{args.writers} writer(s) building their articles", total=args.articles)
    try:
        ready.wait(timeout=WRITER_READY_SECONDS)
        began = time.perf_counter()
        progress.update(task, description=f"storing in {url} from {args.writers} writer(s)")
        stamps: list[float] = []
        while progress.tasks[task].completed < args.articles:
            message = stored.get(timeout=WRITER_READY_SECONDS)
            if isinstance(message, str):
                raise SystemExit(message)
            finished, size = message
            stamps.extend([finished - began] * size)
            progress.advance(task, size)
    finally:
        for writer in writers:
            writer.join(timeout=30)
            if writer.is_alive():
                writer.kill()
    return sorted(stamps)


def _writer(
    url: str,
    corpus: Corpus,
    args: argparse.Namespace,
    index: int,
    ready: multiprocessing.synchronize.Barrier,
    stored: multiprocessing.Queue,
) -> None:
    starts = range(index * BATCH, args.articles, BATCH * args.writers)
    batches = [
        [corpus.article(n) for n in range(start, min(start + BATCH, args.articles))] for start in starts
    ]
    store = open_store(url)
    ready.wait(timeout=WRITER_READY_SECONDS)
    try:
        for start, batch in zip(starts, batches, strict=True):
            outcomes = store.add(batch)
            if any(outcome is not AddOutcome.ADDED for outcome in outcomes):
                stored.put(f"error: {url}: articles {start}-{start + len(batch)} were not all new")
                return
            stored.put((time.perf_counter(), len(batch)))
    finally:
        store.close()


def prepare_store(
    backend: str, url: str, corpus: Corpus, args: argparse.Namespace, console: Console
) -> Build:
    """The backend's store of the corpus, merged: kept when asked and complete, else built afresh."""
    began = time.perf_counter()
    if backend == "postgresql":
        create_postgresql_database(url)
    if args.keep and holds_corpus(url, corpus, args.articles):
        console.print(f"{backend}: kept the {args.articles:,} articles already in {url}")
        build = Build(backend, url, None, 0.0, args.writers)
    else:
        empty_database(url)
        open_store(url).close()  # the schema, made before the writers start
        with _progress(console) as progress:
            stamps = store_corpus(url, corpus, args, progress)
        if backend == "postgresql":
            analyse_postgresql(url)
        storing = stamps[-1]
        build = Build(backend, url, args.articles / storing, time.perf_counter() - began, args.writers)
        tenth = len(stamps) // 10
        first, last = tenth / stamps[tenth - 1], tenth / (storing - stamps[-tenth - 1])
        console.print(
            f"{backend}: {args.articles:,} articles generated and stored in {build.seconds:.0f} s; "
            f"storing took {storing:.1f} s from {args.writers} writer(s) ({build.articles_per_second:,.0f} "
            f"articles/s; {first:,.0f}/s over the first tenth, {last:,.0f}/s over the last)"
        )
    return merge_store(build, console)


def merge_store(build: Build, console: Console) -> Build:
    """Merge what the store holds unmerged, as `newsbite watch` does after storing: the rate, then
    the items and stories there are."""
    store = open_store(build.url)
    try:
        pending = store.stories.pending()
        rate = None
        if pending:
            with _progress(console) as progress:
                task = progress.add_task(f"{build.backend}: merging", total=pending)
                began = time.perf_counter()
                merged = StoredMerge(store, Settings()).run(lambda count: progress.advance(task, count))
                rate = merged / (time.perf_counter() - began)
            if build.backend == "postgresql":
                analyse_postgresql(build.url)
        items, stories = store.count(), store.stories.count()
    finally:
        store.close()
    merged_note = f"merged {pending:,} articles at {rate:,.0f}/s" if rate else "nothing left to merge"
    console.print(f"{build.backend}: {merged_note}; {items:,} items in {stories:,} stories")
    return replace(build, merged_per_second=rate, items=items, stories=stories)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def count_matches(url: str, terms: list[str]) -> list[int]:
    """How many stored articles each term's search matches, by the backend's own parsing and stemming."""
    store = open_store(url)
    try:
        return [store.count(ArticleQuery(q=term)) for term in terms]
    finally:
        store.close()


# The server


@dataclass(frozen=True)
class Server:
    """A running `newsbite serve`: where it answers, and its process id."""

    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server and its worker processes so far (Linux /proc)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return sum(_cpu_seconds(int(pid)) for pid in [self.pid, *children])


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a worker that has just exited
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_command(port: int, workers: int) -> list[str]:
    """`newsbite serve` from the interpreter's own environment."""
    beside = Path(sys.executable).with_name("newsbite")
    program = str(beside) if beside.exists() else shutil.which("newsbite")
    if program is None:
        raise SystemExit("error: the newsbite command is not installed in this environment")
    return [program, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, workers: int, log_path: Path) -> Iterator[Server]:
    """`newsbite serve` on the store at `url`, answering; stopped on leaving."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            serve_command(port, workers),
            env={**os.environ, "NEWSBITE_DATABASE": url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(process, f"http://{HOST}:{port}/", log_path)
        yield Server(port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text("utf-8", errors="replace")[-2_000:]
            raise SystemExit(f"error: newsbite serve exited with status {process.returncode}:\n{tail}")
        try:
            if httpx.get(url, timeout=5).status_code < 500:  # with users, a sign-in redirect
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"error: newsbite serve did not answer within {STARTUP_SECONDS:.0f} s (log: {log_path})")


# The load


def endpoints(terms: list[str], story_ids: list[str]) -> list[Endpoint]:
    return [
        Endpoint("front page", ["/"]),
        Endpoint("story page", [f"/stories/{quote(story_id)}" for story_id in story_ids]),
        Endpoint("search page", [f"/search?q={quote(term)}" for term in terms]),
        Endpoint("API search", [f"/api/v1/articles?q={quote(term)}" for term in terms]),
        Endpoint("latest page", ["/latest"]),
        Endpoint("API articles", ["/api/v1/articles"]),
    ]


def reader_endpoints(story_ids: list[str], cookies: list[str]) -> list[Endpoint]:
    """What signed-in readers ask for, each with their own session."""
    sessions = [f"Cookie: {cookie}" for cookie in cookies]
    return [
        Endpoint("reader front page", ["/"], sessions),
        Endpoint("reader story page", [f"/stories/{quote(story_id)}" for story_id in story_ids], sessions),
        Endpoint("reader unread view", ["/unread"], sessions),
    ]


def app_endpoints(auths: list[str]) -> list[Endpoint]:
    """What the readers' apps ask for on every sync, each signed in with Google Reader's Auth:
    the unread counts, and the newest 50 of the reading list."""
    signed = [f"Authorization: GoogleLogin auth={auth}" for auth in auths]
    return [
        Endpoint("app unread count", ["/reader/api/0/unread-count?output=json"], signed),
        Endpoint("app reading list", [f"/reader/api/0/stream/contents/{READING_LIST}?n=50"], signed),
    ]


READING_LIST = "user/-/state/com.google/reading-list"
ENDPOINT_NAMES = [
    endpoint.name for endpoint in endpoints([], []) + reader_endpoints([], []) + app_endpoints([])
]


def readers_top_stories(url: str, names: list[str], count: int) -> list[str]:
    """The top-ranked stories every one of the readers sees, as their front pages list them."""
    store = open_store(url)
    try:
        half_life = Settings().story_half_life_hours
        ranked = []
        for name in names:
            reader = store.readers.get(name)
            ranked.append(
                [story["id"] for story in store.stories.ranked(half_life, 4 * count, None, reader).items]
            )
        return [story for story in ranked[0] if all(story in others for others in ranked[1:])][:count]
    finally:
        store.close()


def top_stories(url: str, count: int) -> list[str]:
    """The ids of the `count` top-ranked stories, as the front page and its next pages list them."""
    store = open_store(url)
    try:
        half_life = Settings().story_half_life_hours
        return [story["id"] for story in store.stories.ranked(half_life, limit=count).items]
    finally:
        store.close()


class KeepAliveConnection:
    """One HTTP/1.1 keep-alive connection that GETs a path and reads the whole response.

    Written out rather than httpx's AsyncClient, which spends about 2 ms of CPU a request: at
    500 requests/s it kept one of the machine's two cores busy, so the benchmark measured itself.
    """

    def __init__(self, host: str, port: int, header: str | None = None) -> None:
        self.host, self.port = host, port
        self._header = f"{header}\r\n" if header else ""
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """The response's status and body length; raises OSError or IncompleteReadError on a broken one."""
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self._header}\r\n".encode("ascii")
        )
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
        if "content-length" in headers:
            length = len(await reader.readexactly(int(headers["content-length"])))
        else:
            length = await self._read_chunks(reader)
        if headers.get("connection") == "close":
            await self.close()
        return int(head[0].split()[1]), length

    @staticmethod
    async def _read_chunks(reader: asyncio.StreamReader) -> int:
        length = 0
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            length += len(await reader.readexactly(size + 2)) - 2
        await reader.readuntil(b"\r\n")  # the empty trailer
        return length

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def client_loop(
    host: str, port: int, paths: Iterator[str], deadline: float, tally: Tally, header: str | None
) -> None:
    """One client: requests one after another on its own connection until the deadline."""
    connection = KeepAliveConnection(host, port, header)
    try:
        while time.perf_counter() < deadline:
            path = next(paths)
            began = time.perf_counter()
            try:
                status, length = await asyncio.wait_for(connection.get(path), REQUEST_TIMEOUT_SECONDS)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                tally.errors += 1
                await connection.close()
                continue
            tally.by_path[path].append(time.perf_counter() - began)
            tally.received += length
            tally.errors += status != 200
    finally:
        await connection.close()


async def drive(server: Server, endpoint: Endpoint, seconds: float, clients: int) -> tuple[Tally, float]:
    """`clients` concurrent clients cycling through the endpoint's paths for `seconds` (client i as
    reader i of its header lines, in turn): what they saw, and the time."""
    tally = Tally()
    cycle = itertools.cycle(endpoint.paths)
    began = time.perf_counter()
    deadline = began + seconds
    headers: list[str | None] = [*endpoint.headers] or [None]
    await asyncio.gather(
        *(
            client_loop(HOST, server.port, cycle, deadline, tally, headers[client % len(headers)])
            for client in range(clients)
        )
    )
    return tally, time.perf_counter() - began


def measure_readers(backend: str, url: str, args: argparse.Namespace, console: Console) -> list[Load]:
    """The signed-in readers' endpoints: readers added to the store for the run (bench/_readers.py)
    and taken away after it, on a server started for them."""
    store = open_store(url)
    with console.status(f"{backend}: adding {READERS} signed-in readers and their state"):
        signed_in = sign_in_readers(store, args.seed)
        if backend == "postgresql":
            analyse_postgresql(url)
    console.print(
        f"{backend}: {READERS} readers, each following {FOLLOWED} of {FEEDS} feeds; "
        f"{signed_in.read:,} items read and {signed_in.starred:,} starred in all"
    )
    loads = []
    try:
        stories = readers_top_stories(url, signed_in.names, STORY_PAGES)
        with running_server(url, args.workers, BENCH_FOLDER / f"serve-{backend}-readers.log") as server:
            auths = [app_sign_in(server, name) for name in signed_in.names]
            every = reader_endpoints(stories, signed_in.cookies) + app_endpoints(auths)
            chosen = [e for e in every if e.name in args.only]
            for endpoint in chosen:
                with console.status(f"{backend}: {endpoint.name}, {args.seconds:.0f} s"):
                    loads.append(measure(backend, endpoint, server, args.clients, args.seconds))
    finally:
        sign_out_readers(store, signed_in.names)
        store.close()
    return loads


def app_sign_in(server: Server, name: str) -> str:
    """The Auth Google Reader's ClientLogin gives the reader's app (argon2 once, as an app pays)."""
    answer = httpx.post(
        f"http://{HOST}:{server.port}/accounts/ClientLogin",
        data={"Email": name, "Passwd": APP_PASSWORD},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    found = [line.removeprefix("Auth=") for line in answer.text.splitlines() if line.startswith("Auth=")]
    if answer.status_code != 200 or not found:
        raise SystemExit(f"error: ClientLogin refused {name}: {answer.status_code} {answer.text[:200]}")
    return found[0]


def measure(backend: str, endpoint: Endpoint, server: Server, clients: int, seconds: float) -> Load:
    """A warm-up run, then the measured one, with the server's and this process's CPU use."""
    asyncio.run(drive(server, endpoint, WARM_UP_SECONDS, clients))
    gc.collect()  # no collection of the build's garbage in the middle of the timed run
    server_before, client_before = server.cpu_seconds(), time.process_time()
    tally, elapsed = asyncio.run(drive(server, endpoint, seconds, clients))
    return Load(
        backend,
        endpoint.name,
        tally,
        elapsed,
        server_cpu=(server.cpu_seconds() - server_before) / elapsed,
        client_cpu=(time.process_time() - client_before) / elapsed,
    )


# Reports


def terms_table(terms: list[Term], matches: dict[str, list[int]], loads: list[Load], articles: int) -> Table:
    table = Table(title=f"{len(terms)} query terms, rare to common, over {articles:,} articles")
    table.add_column("term")
    table.add_column("articles before rewording (by stem)", justify="right")
    searches = {load.backend: load.tally.by_path for load in loads if load.endpoint == "search page"}
    for backend in matches:
        table.add_column(f"{backend} matches", justify="right")
        if backend in searches:
            table.add_column(f"{backend} search p50 ms", justify="right")
    for row, term in enumerate(terms):
        cells = [term.word, f"{term.articles:,}"]
        for backend, counts in matches.items():
            cells.append(f"{counts[row]:,}")
            if backend in searches:
                latencies = searches[backend].get(f"/search?q={quote(term.word)}", [])
                cells.append(f"{np.median(latencies) * 1_000:.1f}" if latencies else "-")
        table.add_row(*cells)
    return table


RESULT_COLUMNS = (
    "backend",
    "measure",
    "p50 ms",
    "p99 ms",
    "req/s",
    "errors",
    "KB/resp",
    "server CPU",
    "CPU ms/req",
    "client CPU",
    "target",
    "result",
)


def results_table(builds: list[Build], loads: list[Load], clients: int) -> tuple[Table, bool]:
    """The results beside the targets, and whether every target was met."""
    table = Table(title=f"Serving speed: {clients} concurrent keep-alive clients in one asyncio process")
    for column in RESULT_COLUMNS:
        table.add_column(
            column, justify="left" if column in ("backend", "measure", "target", "result") else "right"
        )
    passed = True
    for cells, ok in [*map(_store_row, builds), *map(_merge_row, builds), *map(_load_row, loads)]:
        table.add_row(*cells)
        passed &= ok
    return table, passed


def _store_row(build: Build) -> tuple[list[str], bool]:
    rate = build.articles_per_second
    if rate is None:
        return [build.backend, "store articles/s", "", "", "kept, not measured", *[""] * 5, "", "-"], True
    ok = rate >= TARGET_STORE_RATE
    target = f">= {TARGET_STORE_RATE:,.0f}/s"
    measure = f"store articles/s, {build.writers} writer{'s' if build.writers > 1 else ''}"
    return [build.backend, measure, "", "", f"{rate:,.0f}", *[""] * 5, target, _verdict(ok)], ok


def _merge_row(build: Build) -> tuple[list[str], bool]:
    rate = build.merged_per_second
    done = f"{rate:,.0f}" if rate else "already merged"
    made = f"{build.items:,} items, {build.stories:,} stories"
    return [build.backend, "merge articles/s", "", "", done, *[""] * 5, made, "-"], True


def _load_row(load: Load) -> tuple[list[str], bool]:
    latencies = load.latencies_ms
    p50, p99 = np.percentile(latencies, [50, 99]) if latencies.size else (np.nan, np.nan)
    rate = load.requests_per_second
    ok = bool(p99 < TARGET_P99_MS) and load.tally.errors == 0
    cells = [
        load.backend,
        load.endpoint,
        f"{p50:.1f}",
        f"{p99:.1f}",
        f"{rate:,.1f}",
        f"{load.tally.errors:,}",
        f"{load.tally.received / max(1, latencies.size) / 1_000:.1f}",
        f"{load.server_cpu:.0%}",
        f"{load.server_cpu * 1_000 / rate:.1f}" if rate else "-",
        f"{load.client_cpu:.0%}",
        f"p99 < {TARGET_P99_MS:.0f} ms",
        _verdict(ok),
    ]
    return cells, ok


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
    parser.add_argument("--workers", type=int, default=1, help="server processes (newsbite serve --workers)")
    parser.add_argument(
        "--writers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes storing the corpus at once (default: one per core)",
    )
    parser.add_argument("--only", help="comma-separated endpoints to measure (default: all)")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help="a scratch database: it is reset")
    parser.add_argument(
        "--store-only", action="store_true", help="measure storing only: build the stores, serve nothing"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse a store that already holds this corpus (same seed and size)",
    )
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",")] if args.only else ENDPOINT_NAMES
    if unknown := set(args.only) - set(ENDPOINT_NAMES):
        parser.error(f"--only: no endpoint {', '.join(sorted(unknown))} (of {', '.join(ENDPOINT_NAMES)})")
    if min(args.articles, args.clients, args.workers, args.writers) < 1 or args.seconds <= 0:
        parser.error("--articles, --clients, --workers, --writers and --seconds must be positive")
    if args.articles < 10 * BATCH * args.writers:
        parser.error(f"--articles must be at least {10 * BATCH * args.writers:,} for the storing figures")
    return args


def main() -> int:
    args = parse_args()
    console = Console(width=160)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    BENCH_FOLDER.mkdir(parents=True, exist_ok=True)
    # Other work on the machine slows every figure below: say how busy it was before this began.
    console.print(f"load average at start: {os.getloadavg()[0]:.2f} over {os.cpu_count()} cores")
    with console.status("reading the evaluation texts"):
        pool = load_pool()
        corpus = Corpus(pool, pool_vocabulary(pool), args.seed)
    console.print(f"paragraph pool: {len(pool.paragraphs):,} paragraphs from {len(pool.texts):,} texts")
    with console.status(f"counting document frequencies over {args.articles:,} articles"):
        frequencies = stem_frequencies(pool, args.seed, args.articles)
    terms = spread_terms(frequencies, args.articles, QUERY_TERMS, args.seed)
    words = [term.word for term in terms]
    console.print(
        "query terms (articles matching): " + ", ".join(f"{t.word} ({t.articles:,})" for t in terms)
    )

    builds: list[Build] = []
    loads: list[Load] = []
    matches: dict[str, list[int]] = {}
    for backend in backends:
        url = backend_url(backend, args)
        builds.append(prepare_store(backend, url, corpus, args, console))
        if args.store_only:
            continue
        matches[backend] = count_matches(url, words)
        stories = top_stories(url, STORY_PAGES)
        chosen = [endpoint for endpoint in endpoints(words, stories) if endpoint.name in args.only]
        with running_server(url, args.workers, BENCH_FOLDER / f"serve-{backend}.log") as server:
            for endpoint in chosen:
                with console.status(f"{backend}: {endpoint.name}, {args.seconds:.0f} s"):
                    loads.append(measure(backend, endpoint, server, args.clients, args.seconds))
        if any(name.startswith("reader ") for name in args.only):
            loads += measure_readers(backend, url, args, console)

    if matches:
        console.print(terms_table(terms, matches, loads, args.articles))
    table, passed = results_table(builds, loads, args.clients)
    console.print(table)
    console.print(
        f"server CPU, client CPU: cores busy on average (of {os.cpu_count()}), the server's counting its "
        "worker processes but not PostgreSQL's; CPU ms/req: the server's CPU time per request. Latency is "
        "measured by the client, so it includes the client's own queueing."
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
