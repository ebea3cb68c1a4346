"""WARC archives (web crawls such as Common Crawl's CC-NEWS), read with warcio as they stream.

Each `response` (or `resource`) record holding an HTML page becomes one document named by its
target URI; other records (requests, metadata, images, scripts) are passed over. A record over
the size limit is reported and skipped; a corrupt archive is reported where it breaks.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsbite.errors import BinaryInput, InputTooLarge, NewsBiteError
from newsbite.ingest.decode import decode_bytes
from newsbite.model import Document, DocumentKind

WARC_MAGIC = b"WARC/"
_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def documents_from_warc(
    stream: IO[bytes], origin: str, max_bytes: int, records_before: int = 0
) -> Iterator[Document | NewsBiteError]:
    """One document per HTML page in the archive, in order; errors in place of bad records.

    Records are numbered from `records_before` + 1 (for a stream that starts partway into a file).
    """
    number = records_before
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            number += 1
            if record.rec_type not in _PAGE_RECORDS or not _is_html(record):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_origin = f"{origin}:{number} {uri}".rstrip()
            yield _page(record, record_origin, uri or None, max_bytes)
    except ArchiveLoadFailed as error:
        yield BinaryInput(f"{origin}:{number + 1}", f"not a readable WARC record ({_first_line(error)})")
    except (AttributeError, EOFError, OSError, ValueError, zlib.error) as error:
        # warcio fails in its own code on an archive cut inside a record's headers.
        problem = f"the archive breaks off inside a record ({type(error).__name__}: {_first_line(error)})"
        yield BinaryInput(f"{origin}:{number + 1}", problem)


def page_offsets(stream: IO[bytes]) -> list[tuple[int, int]] | None:
    """The records before each HTML page record and its byte offset in the stream as stored, so
    that it can be read from there; None for an archive that cannot be read that way.

    A gzip'd WARC can be entered at a record only when each record is its own gzip member, as
    crawlers write them (CC-NEWS's are); one gzip'd whole, or a corrupt one, gives None.
    """
    offsets = []
    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for number, record in enumerate(records):
            if record.rec_type in _PAGE_RECORDS and _is_html(record):
                offsets.append((number, records.get_record_offset()))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error):
        return None
    return offsets


def _is_html(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    declared = http.get_header("Content-Type") if http is not None else None
    declared = declared or record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    status = http.get_statuscode() if http is not None else "200"
    return declared.split(";")[0].strip().lower() in _HTML_TYPES and str(status).startswith("2")


def _page(record: object, origin: str, url: str | None, max_bytes: int) -> Document | NewsBiteError:
    content = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(content) > max_bytes:
        return InputTooLarge(origin, f"the page is over the {max_bytes:,}-byte limit")
    try:
        text = decode_bytes(content, origin)
    except NewsBiteError as error:
        return error
    return Document(origin=origin, kind=DocumentKind.HTML, content=text, url=url)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
