"""Documents from paths, directories and byte streams (stdin), within the per-document size limit."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsbite.errors import BinaryInput, InputNotFound, InputTooLarge, NewsBiteError
from newsbite.ingest.decode import decode_bytes
from newsbite.ingest.detect import detect_kind, looks_like_json, looks_like_jsonl
from newsbite.ingest.records import documents_from_json, stream_jsonl
from newsbite.model import Document

# Enough of a stream to see whether its first line is a whole JSON record (a JSONL corpus).
_PEEK_BYTES = 1 << 16


def documents_from_path(path: Path, max_bytes: int) -> Iterator[Document | NewsBiteError]:
    """Every document in a file, or in the files below a directory in name order."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
        for file in files:
            yield from documents_from_path(file, max_bytes)
        return
    origin = str(path)
    if not path.exists():
        yield InputNotFound(origin, "no such file or directory")
        return
    try:
        with path.open("rb") as stream:
            yield from documents_from_stream(stream, origin, max_bytes, size=path.stat().st_size)
    except OSError as error:
        yield InputNotFound(origin, f"cannot be read ({error.strerror or error})")


def documents_from_stream(
    stream: IO[bytes], origin: str, max_bytes: int, size: int | None = None
) -> Iterator[Document | NewsBiteError]:
    """Documents from a byte stream: a JSONL corpus record by record, anything else as one whole.

    A non-JSONL stream over `max_bytes` yields InputTooLarge after reading at most `max_bytes`+1.
    """
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(_PEEK_BYTES)[:_PEEK_BYTES]
    first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if looks_like_jsonl(first_line):
        yield from stream_jsonl(buffered, origin, max_bytes)
        return
    if size is not None and size > max_bytes:
        yield _too_large(origin, max_bytes, size)
        return
    data = buffered.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _too_large(origin, max_bytes, size)
        return
    yield from documents_from_bytes(data, origin, max_bytes=max_bytes)


def documents_from_bytes(
    data: bytes, origin: str, *, max_bytes: int, url: str | None = None
) -> Iterator[Document | NewsBiteError]:
    """Documents in one whole input: JSON records, or a single HTML or text document.

    Gzip-compressed input is decompressed first, to at most `max_bytes`, so that a compression
    bomb cannot exhaust memory.
    """
    try:
        if data.startswith(_GZIP_MAGIC):
            data = gunzip(data, origin, max_bytes)
        text = decode_bytes(data, origin)
    except NewsBiteError as error:
        yield error
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
        raise InputTooLarge(origin, f"the input decompresses to more than the {max_bytes:,}-byte limit")
    return content


def _too_large(origin: str, max_bytes: int, size: int | None) -> InputTooLarge:
    actual = f" ({size:,} bytes)" if size is not None else ""
    return InputTooLarge(
        origin,
        f"the input is over the {max_bytes:,}-byte limit{actual}; "
        "raise NEWSBITE_MAX_DOCUMENT_BYTES to allow it",
    )


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
