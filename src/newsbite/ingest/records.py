"""JSON and JSONL records (`id`, `title`, `text` or `html`, `url`, `published`) as documents.

A JSONL corpus is streamed line by line, so the size limit applies to each record, not the file;
a bad line becomes a MalformedRecord or InputTooLarge for that line and the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from newsbite.errors import InputTooLarge, MalformedRecord, NewsBiteError
from newsbite.model import Document, DocumentKind

_SKIP_CHUNK = 1 << 20


def record_document(value: Any, origin: str) -> Document:
    """A RECORD document from one parsed JSON value; MalformedRecord if it is not a usable object."""
    if not isinstance(value, dict):
        raise MalformedRecord(origin, f"a record must be a JSON object, not {type(value).__name__}")
    if not any(isinstance(value.get(key), str) and value[key].strip() for key in ("text", "html")):
        raise MalformedRecord(origin, "the record has no 'text' or 'html' field with content")
    url = value.get("url")
    return Document(
        origin=origin,
        kind=DocumentKind.RECORD,
        url=url if isinstance(url, str) else None,
        record=value,
    )


def documents_from_json(text: str, origin: str) -> Iterator[Document | NewsBiteError]:
    """One document per record of a JSON object or array, or per line of JSONL text."""
    try:
        value = json.loads(text)
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


def stream_jsonl(stream: IO[bytes], origin: str, max_record_bytes: int) -> Iterator[Document | NewsBiteError]:
    """Read a JSONL byte stream record by record, never holding more than one record in memory."""
    number = 0
    while line := stream.readline(max_record_bytes + 1):
        number += 1
        line_origin = f"{origin}:{number}"
        if len(line) > max_record_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield InputTooLarge(line_origin, f"the record is over the {max_record_bytes:,}-byte limit")
        elif line.strip():
            yield _parse_line(line.decode("utf-8", errors="replace"), line_origin)


def _parse_line(line: str, origin: str) -> Document | NewsBiteError:
    try:
        value = json.loads(line)
    except ValueError as error:
        return MalformedRecord(origin, f"the line is not valid JSON ({error})")
    return _document_or_error(value, origin)


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _document_or_error(value: Any, origin: str) -> Document | NewsBiteError:
    try:
        return record_document(value, origin)
    except MalformedRecord as error:
        return error
