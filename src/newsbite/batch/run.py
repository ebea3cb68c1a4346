"""`newsbite batch` on Dask: the pipeline over every partition, on a LocalCluster or a scheduler.

Each worker loads the pipeline (spaCy and all) once, through a worker plugin, and keeps it for
every partition it is given. A partition's tables are written under temporary names and renamed,
then its marker (`_done/part-NNNNN`) is written last: a re-run skips every partition with a
marker, so a batch stopped at any point resumes without redoing or half-keeping work.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from newsbite.batch.errors import BatchError
from newsbite.batch.merge import assign
from newsbite.batch.partitions import (
    Partition,
    corpus_files,
    partition_documents,
    plan,
    plan_json,
    scan,
)
from newsbite.batch.tables import SCHEMAS, partition_tables
from newsbite.config import Settings
from newsbite.limits import PARTITION_SIZE
from newsbite.merge.stories import Embedder, sentence_embedder
from newsbite.pipeline import Pipeline
from newsbite.registry import check_portable, stages_named

PLUGIN = "newsbite-pipeline"
# Seconds to wait for a scheduler given by address before saying it cannot be reached.
SCHEDULER_TIMEOUT = 15
# Dask starts its workers with MALLOC_TRIM_THRESHOLD_ set, to hand freed memory back to the
# system sooner. Setting it switches off glibc's adaptive mmap threshold, so every large
# allocation becomes an mmap and munmap of its own: with spaCy's short-lived arrays a worker ran
# 6.1 articles/s against 7.8 without it, on the same 750 articles (its peak: 901 MB against 945).
MALLOC_TRIM = "MALLOC_TRIM_THRESHOLD_"
_MALLOC_TRIM_SETTING = f"distributed.nanny.pre-spawn-environ.{MALLOC_TRIM}"


@dataclass(frozen=True)
class PartitionReport:
    partition: int
    articles: int
    failures: int


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once on each worker, when the worker joins."""

    name = PLUGIN

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Pipeline | None = None
        self.embedder: Embedder | None = None

    def setup(self, worker: Any) -> None:
        self.pipeline = Pipeline(self.settings)
        if self.settings.story_embeddings:
            self.embedder = sentence_embedder()


def process_partition(partition: Partition, out: str) -> PartitionReport:
    """The task: read the partition, run the worker's pipeline, write its tables, then its marker."""
    plugin: PipelinePlugin = get_worker().plugins[PLUGIN]
    assert plugin.pipeline is not None
    if plugin.settings.story_embeddings and plugin.embedder is None:
        address = get_worker().address
        raise BatchError(address, f"{address}: embeddings asked for, but the embeddings extra is missing")
    documents = partition_documents(partition, plugin.settings.max_document_bytes)
    outcomes = list(plugin.pipeline.run(documents))
    tables = partition_tables(documents, outcomes, partition.index, plugin.embedder)
    write_partition(Path(out), partition, tables)
    return PartitionReport(partition.index, tables["articles"].num_rows, tables["failures"].num_rows)


def write_partition(out: Path, partition: Partition, tables: dict[str, Any]) -> None:
    for name, table in tables.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{partition.name}.parquet.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, folder / f"{partition.name}.parquet")
    done = out / "_done"
    done.mkdir(exist_ok=True)
    (done / partition.name).write_text("")


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of the given scheduler, or of a LocalCluster of `workers` single-threaded processes.

    The LocalCluster's worker processes end with this one even when it is killed outright:
    distributed's AsyncProcess has each watch a pipe from its parent and exit when it closes
    (tests/test_processes.py), as newsbite.processes does for the pipeline's own workers.
    """
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise BatchError(scheduler, f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
        with client:
            yield client
        return
    with (
        dask.config.set({_MALLOC_TRIM_SETTING: None}),  # None: the nanny leaves the variable unset
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def trimming_workers(client: Client) -> list[str]:
    """The workers started with malloc trimming on (a cluster this process did not start)."""
    found = client.run(lambda: os.environ.get(MALLOC_TRIM))
    return sorted(address for address, value in found.items() if value is not None)


def run_batch(
    client: Client,
    inputs: Sequence[str],
    out: Path,
    settings: Settings,
    partition_size: int = PARTITION_SIZE,
    on_planned: Callable[[int, int], None] | None = None,
    on_done: Callable[[PartitionReport], None] | None = None,
) -> list[PartitionReport]:
    """Process every partition not already in `out`; the reports of those processed now.

    Raises StageNotPortable (or PipelineOrderError) before any work when the settings' stages
    cannot be built on the workers, which register stages from the `newsbite.stages` entry points.
    """
    check_portable(stages_named(settings.stage_names))
    sources = corpus_files(inputs)
    max_bytes = settings.max_document_bytes
    runs = client.gather(
        client.map(scan, sources, max_bytes=max_bytes, partition_size=partition_size, pure=False)
    )
    partitions = plan(sources, runs)
    _keep_plan(out, plan_json(partitions, partition_size, settings.story_embeddings))
    todo = [p for p in partitions if not (out / "_done" / p.name).exists()]
    if on_planned:
        on_planned(len(partitions), sum(p.count for p in todo))
    try:
        client.register_plugin(PipelinePlugin(settings))
    except Exception as error:  # raised on a worker (a stage's package missing there, say): say why
        raise BatchError(
            str(out), f"the Dask workers could not build the pipeline: {type(error).__name__}: {error}"
        ) from None
    futures = client.map(process_partition, todo, out=str(out), pure=False)
    reports = []
    for future in as_completed(futures):
        report = future.result()
        reports.append(report)
        if on_done:
            on_done(report)
    if reports or not (out / "merge" / "placements.parquet").exists():
        client.submit(assign, str(out), settings.story_embeddings, pure=False).result()
    return sorted(reports, key=lambda report: report.partition)


def _keep_plan(out: Path, planned: str) -> None:
    """Write the plan, or check that the one there is the same (a re-run of the same batch)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "_plan.json"
    if path.exists() and path.read_text() != planned:
        raise BatchError(
            str(out),
            f"{out} holds another batch (other inputs, partition size or embeddings): "
            "use a new --out, or remove it",
        )
    path.write_text(planned)


def table_names() -> list[str]:
    return list(SCHEMAS)
