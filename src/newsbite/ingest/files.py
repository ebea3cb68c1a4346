"""Documents from paths, directories and byte streams (stdin), within the per-document size limit.

What a file holds is told from its content, not its name: gzip is unwrapped as it streams, a
JSONL corpus and a WARC archive are read record by record (the limit applies to each record), a
feed gives a document per entry, and anything else is one document.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from newsbite.errors import BinaryInput, InputError, InputNotFound, InputTooLarge, NewsBiteError
from newsbite.ingest.decode import decode_bytes
from newsbite.ingest.detect import detect_kind, looks_like_json, looks_like_jsonl
from newsbite.ingest.feeds import feed_documents, looks_like_feed, looks_like_xml, read_feed
from newsbite.ingest.fetch import Fetcher
from newsbite.ingest.records import documents_from_json, stream_jsonl
from newsbite.ingest.warc import WARC_MAGIC, documents_from_warc
from newsbite.model import Document

# Enough of a stream to see whether its first line is a whole JSON record (a JSONL corpus):
# records holding a whole page run to hundreds of kilobytes. Also the read buffer's size.
_PEEK_BYTES = 1 << 20


def documents_from_path(
    path: Path, max_bytes: int, fetcher: Fetcher | None = None
) -> Iterator[Document | NewsBiteError]:
    """Every document in a file, or in the files below a directory in name order.

    With a fetcher, a feed's teaser entries are fetched in full; without, they stay teasers.
    """
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
        for file in files:
            yield from documents_from_path(file, max_bytes, fetcher)
        return
    origin = str(path)
    if not path.exists():
        yield InputNotFound(origin, "no such file or directory")
        return
    try:
        with path.open("rb") as stream:
            yield from documents_from_stream(stream, origin, max_bytes, path.stat().st_size, fetcher)
    except OSError as error:
        yield InputNotFound(origin, f"cannot be read ({error.strerror or error})")
    except Exception as error:  # a reader's (or a dependency's) surprise costs this file, not the run
        yield _unreadable(origin, error)


def failing_alone(
    documents: Iterator[Document | NewsBiteError], origin: str
) -> Iterator[Document | NewsBiteError]:
    """The documents of one input; should a reader (ours or a dependency's) raise something
    unforeseen, the rest of that input is that error, and the caller goes on to other inputs."""
    try:
        yield from documents
    except Exception as error:
        yield _unreadable(origin, error)


def _unreadable(origin: str, error: Exception) -> InputError:
    return InputError(origin, f"could not be read any further: {type(error).__name__}: {error}")


def documents_from_stream(
    stream: IO[bytes],
    origin: str,
    max_bytes: int,
    size: int | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Document | NewsBiteError]:
    """Documents from a byte stream: a JSONL corpus or WARC archive record by record (gzip'd or
    not), anything else as one whole.

    Anything else over `max_bytes` yields InputTooLarge after reading at most `max_bytes`+1.
    """
    buffered = _buffered(stream)
    gunzipping: _Gunzipping | None = None
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        gunzipping = _Gunzipping(buffered)
        buffered = _buffered(gunzipping)
        size = None  # the file's size says nothing of what it holds
    head = buffered.peek(_PEEK_BYTES)[:_PEEK_BYTES]
    first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    # One read may give less than asked: without a newline in sight the line may go on.
    whole_line = b"\n" in head
    records: Iterator[Document | NewsBiteError] | None = None
    if looks_like_jsonl(first_line, whole_line) and not looks_like_feed(first_line):  # not a 1-line feed
        records = stream_jsonl(buffered, origin, max_bytes)
    elif head.startswith(WARC_MAGIC):
        records = documents_from_warc(buffered, origin, max_bytes)
    if records is not None:
        yield from records
        if gunzipping and gunzipping.error:
            yield BinaryInput(origin, f"the compressed input is corrupt or cut short ({gunzipping.error})")
        return
    if size is not None and size > max_bytes:
        yield InputTooLarge.over_limit(origin, max_bytes, size)
        return
    data = buffered.read(max_bytes + 1)
    if gunzipping and gunzipping.error:
        yield BinaryInput(origin, f"the input looks gzip-compressed but is corrupt ({gunzipping.error})")
        return
    compressed = gunzipping is not None
    if len(data) > max_bytes:
        yield (
            _inflates_too_far(origin, max_bytes)
            if compressed
            else InputTooLarge.over_limit(origin, max_bytes, size)
        )
        return
    yield from documents_from_bytes(data, origin, max_bytes=max_bytes, fetcher=fetcher)


def documents_from_bytes(
    data: bytes,
    origin: str,
    *,
    max_bytes: int,
    url: str | None = None,
    fetcher: Fetcher | None = None,
    headers: Mapping[str, str] | None = None,
) -> Iterator[Document | NewsBiteError]:
    """Documents in one whole input: a feed's entries, JSON records, or one HTML or text document.

    Gzip-compressed input is decompressed first, to at most `max_bytes`, so that a compression
    bomb cannot exhaust memory. `headers` are the HTTP response's, for a feed's declared charset.
    """
    try:
        if data.startswith(_GZIP_MAGIC):
            data = gunzip(data, origin, max_bytes)
        text = decode_bytes(data, origin)
    except NewsBiteError as error:
        yield error
        return
    if looks_like_feed(text) or looks_like_xml(text):
        try:
            feed = read_feed(data, origin, headers)
        except NewsBiteError as error:
            yield error
            return
        yield from feed_documents(feed, fetcher)
        return
    if looks_like_json(text):
        yield from documents_from_json(text, origin)
        return
    yield Document(origin=origin, kind=detect_kind(text), content=text, url=url)


_GZIP_MAGIC = b"\x1f\x8b"


def gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """The decompressed content; InputTooLarge past `max_bytes`, BinaryInput when corrupt."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        content = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise BinaryInput(origin, f"the input looks gzip-compressed but is corrupt ({error})") from None
    if len(content) > max_bytes or decompressor.unconsumed_tail:
        raise _inflates_too_far(origin, max_bytes)
    return content


def _inflates_too_far(origin: str, max_bytes: int) -> InputTooLarge:
    return InputTooLarge(origin, f"the input decompresses to more than the {max_bytes:,}-byte limit")


def _buffered(stream: IO[bytes]) -> io.BufferedReader:
    """The stream behind a buffer big enough to peek at a long first line."""
    return io.BufferedReader(stream, buffer_size=_PEEK_BYTES)  # type: ignore[arg-type]


class _Gunzipping(io.RawIOBase):
    """A gzip stream read as it arrives, which ends (and keeps the error) where the data turns out
    corrupt or cut short, so that every record before the damage is still read."""

    def __init__(self, compressed: IO[bytes]) -> None:
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self._gzip.read1(len(buffer))
        except (OSError, EOFError, zlib.error) as error:
            self.error = error
            return 0
        buffer[: len(data)] = data
        return len(data)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
