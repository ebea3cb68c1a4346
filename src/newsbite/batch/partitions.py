"""A batch's inputs cut into partitions of at most N documents, the unit of work and of resuming.

Inputs are local paths (a directory stands for the JSONL and WARC files below it) or fsspec
URLs (s3://, gs://, https://...). Each file is scanned once, on the workers, and cut into runs
of `partition_size` documents. A partition of a plain JSONL file, or of a WARC archive stored
record by record (plain, or one gzip member a record as crawlers write them), is read from the
byte offset of its first record. One of any other file (a gzip'd JSONL, a WARC gzip'd whole) is
read from the file's start up to its first document, which costs about a millisecond a document
passed over against the hundred or more spent processing one.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsbite.errors import InputNotFound, NewsBiteError
from newsbite.ingest.detect import looks_like_jsonl
from newsbite.ingest.feeds import looks_like_feed
from newsbite.ingest.files import documents_from_stream, failing_alone
from newsbite.ingest.records import jsonl_lines, stream_jsonl
from newsbite.ingest.warc import WARC_MAGIC, documents_from_warc, page_offsets
from newsbite.model import Document

if TYPE_CHECKING:
    from fsspec.core import OpenFile
_GZIP_MAGIC = b"\x1f\x8b"
# Enough of a file to tell plain JSONL from anything else, as reading does.
_PEEK_BYTES = 1 << 20
# Enough of a file, gzip'd or not, to tell a WARC archive by its first record's opening.
_WARC_PEEK_BYTES = 512
# Files a directory stands for in a batch (gzip'd or not).
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".json", ".json.gz")


@dataclass(frozen=True)
class Partition:
    """Documents `start` to `start + count` of `source`, numbered `index` in the batch; in a file
    that can be entered at a record they begin at byte `offset`, after `records_before` records
    (lines of a JSONL file, records of a WARC)."""

    index: int
    source: str
    start: int
    count: int
    offset: int | None = None
    records_before: int = 0

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def corpus_files(inputs: Sequence[str]) -> list[str]:
    """The files the inputs name, in order; raises InputNotFound for one that is not there."""
    files: list[str] = []
    for given in inputs:
        if "://" in given:
            import fsspec  # the batch extra, imported on use (see _opened)

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


def _opened(source: str) -> OpenFile:
    """The file, local or remote, to open for reading bytes."""
    # fsspec (the batch extra) is imported on use: `newsbite` reads PARTITION_SIZE from this
    # module when it starts, and must start without the extra.
    import fsspec

    return fsspec.open(source, "rb")


def read_documents(source: str, max_bytes: int) -> Iterator[Document | NewsBiteError]:
    """Every document in one corpus file, local or remote, record by record."""
    with _opened(source) as stream:
        yield from failing_alone(documents_from_stream(stream, source, max_bytes), source)


@dataclass(frozen=True)
class Run:
    """A run of documents in one file, as scanning found it (a partition before it is numbered)."""

    start: int
    count: int
    offset: int | None = None
    records_before: int = 0


def scan(source: str, max_bytes: int, partition_size: int) -> list[Run]:
    """The file's runs of `partition_size` documents, with byte offsets where it can be entered."""
    with _opened(source) as stream:
        head = stream.read(_PEEK_BYTES)
        stream.seek(0)
        try:
            starts = _record_starts(stream, head, max_bytes)
        except Exception:  # a file cut short or corrupt: read it whole, each bad record its own error
            starts = None
        if starts is None:
            stream.seek(0)
            total = sum(1 for _ in failing_alone(documents_from_stream(stream, source, max_bytes), source))
            return [
                Run(start, min(partition_size, total - start)) for start in range(0, total, partition_size)
            ]
    runs = []
    for start in range(0, len(starts), partition_size):
        records_before, offset = starts[start]
        runs.append(Run(start, min(partition_size, len(starts) - start), offset, records_before))
    return runs


def _record_starts(stream: IO[bytes], head: bytes, max_bytes: int) -> list[tuple[int, int]] | None:
    """(records before, byte offset) of each document, or None for a file that cannot be entered
    at a record."""
    if _plain_jsonl(head):
        return [(number - 1, offset) for number, offset, _ in jsonl_lines(stream, max_bytes)]
    if _warc(head):
        return page_offsets(stream)
    return None


def _warc(head: bytes) -> bool:
    if head.startswith(_GZIP_MAGIC):
        head = zlib.decompressobj(wbits=31).decompress(head, len(WARC_MAGIC))
    return head.startswith(WARC_MAGIC)


def _plain_jsonl(head: bytes) -> bool:
    first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return (
        not head.startswith(_GZIP_MAGIC)
        and looks_like_jsonl(first_line, b"\n" in head)
        and not looks_like_feed(first_line)
    )


def count_documents(source: str, max_bytes: int) -> int:
    return sum(1 for _ in read_documents(source, max_bytes))


def partition_documents(partition: Partition, max_bytes: int) -> list[Document | NewsBiteError]:
    """The partition's documents, read from its offset where it has one."""
    if partition.offset is None:
        documents = read_documents(partition.source, max_bytes)
        return list(islice(documents, partition.start, partition.start + partition.count))
    with _opened(partition.source) as stream:
        head = stream.read(_WARC_PEEK_BYTES)
        stream.seek(partition.offset)
        read = documents_from_warc if _warc(head) else stream_jsonl
        documents = read(stream, partition.source, max_bytes, partition.records_before)
        return list(islice(failing_alone(documents, partition.source), partition.count))


def plan(sources: Sequence[str], runs: Sequence[Sequence[Run]]) -> list[Partition]:
    """The partitions of every file's runs, numbered in input order."""
    partitions: list[Partition] = []
    for source, file_runs in zip(sources, runs, strict=True):
        for run in file_runs:
            partitions.append(Partition(len(partitions), source, **asdict(run)))
    return partitions


def plan_json(partitions: Sequence[Partition], partition_size: int, embeddings: bool = False) -> str:
    """The plan as the output folder keeps it, so that a re-run can tell it is the same batch."""
    kept = {
        "partition_size": partition_size,
        "embeddings": embeddings,
        "partitions": [asdict(p) for p in partitions],
    }
    return json.dumps(kept, indent=1)
