"""JSON and JSONL records (`id`, `title`, `text` or `html`, `url`, `published`) as documents.

A JSONL corpus is streamed line by line, so the size limit applies to each record, not the file;
a bad line becomes a MalformedRecord or InputTooLarge for that line and the rest go on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from newsbite.errors import InputTooLarge, MalformedRecord, NewsBiteError
from newsbite.model import Document, DocumentKind

_SKIP_CHUNK = 1 << 20
# Python's JSON parser recurses once per level of nesting; no news record nests this deep.
TOO_DEEP = "the JSON is nested too deeply to read"
# JSON can escape half of a UTF-16 pair ("\\udc00"); no UTF-8 text, and so no store, can hold one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def record_document(value: Any, origin: str) -> Document:
    """A RECORD document from one parsed JSON value; MalformedRecord if it is not a usable object."""
    if not isinstance(value, dict):
        raise MalformedRecord(origin, f"a record must be a JSON object, not {type(value).__name__}")
    if not any(isinstance(value.get(key), str) and value[key].strip() for key in ("text", "html")):
        raise MalformedRecord(origin, "the record has no 'text' or 'html' field with content")
    value = {key: _as_text(field) if isinstance(field, str) else field for key, field in value.items()}
    url = value.get("url")
    return Document(
        origin=origin,
        kind=DocumentKind.RECORD,
        url=url if isinstance(url, str) else None,
        record=value,
    )


def _as_text(field: str) -> str:
    """The field with each half of a UTF-16 pair that stands alone made U+FFFD, as a byte that is
    not UTF-8 is when a page is decoded (a whole pair, escaped in two halves, is one character)."""
    if not _LONE_SURROGATE.search(field):
        return field
    return field.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def documents_from_json(text: str, origin: str) -> Iterator[Document | NewsBiteError]:
    """One document per record of a JSON object or array, or per line of JSONL text."""
    try:
        value = json.loads(text)
    except RecursionError:
        yield MalformedRecord(origin, TOO_DEEP)
        return
    except ValueError:
        yield from documents_from_jsonl_lines(iter(text.splitlines()), origin)
        return
    values = value if isinstance(value, list) else [value]
    for index, item in enumerate(values):
        item_origin = f"{origin}[{index}]" if isinstance(value, list) else origin
        yield _document_or_error(item, item_origin)


def documents_from_jsonl_lines(lines: Iterator[str], origin: str) -> Iterator[Document | NewsBiteError]:
    """One document per non-blank line; a line that is not JSON yields a MalformedRecord."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _parse_line(line, f"{origin}:{number}")


def stream_jsonl(
    stream: IO[bytes], origin: str, max_record_bytes: int, first_number: int = 0
) -> Iterator[Document | NewsBiteError]:
    """Read a JSONL byte stream record by record, never holding more than one record in memory.

    Lines are numbered from `first_number` + 1 (for a stream that starts partway into a file).
    """
    for number, _, line in jsonl_lines(stream, max_record_bytes, first_number):
        line_origin = f"{origin}:{number}"
        if line is None:
            yield InputTooLarge(line_origin, f"the record is over the {max_record_bytes:,}-byte limit")
        else:
            yield _parse_line(line.decode("utf-8", errors="replace"), line_origin)


def jsonl_lines(
    stream: IO[bytes], max_record_bytes: int, first_number: int = 0
) -> Iterator[tuple[int, int, bytes | None]]:
    """Each record line's number, its byte offset from where the stream began, and its bytes
    (None for a line over the limit, which is skipped unread); blank lines are passed over."""
    number, offset = first_number, 0
    while line := stream.readline(max_record_bytes + 1):
        number += 1
        start, offset = offset, offset + len(line)
        if len(line) > max_record_bytes and not line.endswith(b"\n"):
            offset += _skip_rest_of_line(stream)
            yield number, start, None
        elif line.strip():
            yield number, start, line


def _parse_line(line: str, origin: str) -> Document | NewsBiteError:
    try:
        value = json.loads(line)
    except ValueError as error:
        return MalformedRecord(origin, f"the line is not valid JSON ({error})")
    except RecursionError:
        return MalformedRecord(origin, TOO_DEEP)
    return _document_or_error(value, origin)


def _skip_rest_of_line(stream: IO[bytes]) -> int:
    """Read to the end of the line; how many bytes that was."""
    skipped = 0
    while chunk := stream.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _document_or_error(value: Any, origin: str) -> Document | NewsBiteError:
    try:
        return record_document(value, origin)
    except MalformedRecord as error:
        return error
