"""A batch's inputs cut into partitions of at most N documents, the unit of work and of resuming.

Inputs are local paths (a directory stands for the JSONL and WARC files below it) or fsspec
URLs (s3://, gs://, https://...). Each file is counted once, on the workers, and cut into runs of
`partition_size` documents; a partition is read back by skipping to its first document, which
costs about a millisecond a document skipped against the hundreds spent processing one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

import fsspec

from newsbite.errors import InputNotFound, NewsBiteError
from newsbite.ingest.files import documents_from_stream
from newsbite.model import Document

# Documents per partition: what one task holds in memory at once (articles of a few hundred KB
# at most, and spaCy's parses of one nlp.pipe batch), and the unit a re-run skips.
PARTITION_SIZE = 500
# Files a directory stands for in a batch (gzip'd or not).
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".json", ".json.gz")


@dataclass(frozen=True)
class Partition:
    """Documents `start` to `start + count` of `source`, numbered `index` in the batch."""

    index: int
    source: str
    start: int
    count: int

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def corpus_files(inputs: Sequence[str]) -> list[str]:
    """The files the inputs name, in order; raises InputNotFound for one that is not there."""
    files: list[str] = []
    for given in inputs:
        if "://" in given:
            matched = fsspec.open_files(given)
            if not matched:
                raise InputNotFound(given, "no such file")
            files += [opened.full_name for opened in matched]
            continue
        path = Path(given).expanduser()
        if path.is_dir():
            files += sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.name.endswith(CORPUS_SUFFIXES)
            )
        elif path.is_file():
            files.append(str(path))
        else:
            raise InputNotFound(given, "no such file or directory")
    return files


def read_documents(source: str, max_bytes: int) -> Iterator[Document | NewsBiteError]:
    """Every document in one corpus file, local or remote, record by record."""
    with fsspec.open(source, "rb") as stream:
        yield from documents_from_stream(stream, source, max_bytes)


def count_documents(source: str, max_bytes: int) -> int:
    return sum(1 for _ in read_documents(source, max_bytes))


def partition_documents(partition: Partition, max_bytes: int) -> list[Document | NewsBiteError]:
    return list(
        islice(
            read_documents(partition.source, max_bytes), partition.start, partition.start + partition.count
        )
    )


def plan(sources: Sequence[str], counts: Sequence[int], partition_size: int) -> list[Partition]:
    """The partitions of files holding `counts` documents each, in input order."""
    partitions: list[Partition] = []
    for source, count in zip(sources, counts, strict=True):
        for start in range(0, count, partition_size):
            partitions.append(Partition(len(partitions), source, start, min(partition_size, count - start)))
    return partitions


def plan_json(partitions: Sequence[Partition], partition_size: int) -> str:
    """The plan as the output folder keeps it, so that a re-run can tell it is the same batch."""
    return json.dumps(
        {"partition_size": partition_size, "partitions": [asdict(p) for p in partitions]}, indent=1
    )
