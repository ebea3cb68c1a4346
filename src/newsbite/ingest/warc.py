"""WARC archives (web crawls such as Common Crawl's CC-NEWS), read with warcio as they stream.

Each `response` (or `resource`) record holding an HTML page becomes one document named by its
target URI; other records (requests, metadata, images, scripts) are passed over. A record over
the size limit is reported and skipped; a corrupt archive is reported where it breaks, and one
cut short (a download stopped partway, gzip'd or not) at the record it breaks off in, rather than
a page read as a shorter one.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from newsbite.errors import BinaryInput, InputTooLarge, NewsBiteError
from newsbite.ingest.decode import decode_bytes
from newsbite.model import Document, DocumentKind

WARC_MAGIC = b"WARC/"
_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# The chunk in which the rest of a record is read past (warcio's own reads are 16 KiB).
_READ_BYTES = 64 * 1024
# What warcio raises, in its own code, on an archive cut inside a record's headers or corrupt.
_BROKEN_ARCHIVE = (AttributeError, EOFError, OSError, ValueError, zlib.error)


def documents_from_warc(
    stream: IO[bytes], origin: str, max_bytes: int, records_before: int = 0
) -> Iterator[Document | NewsBiteError]:
    """One document per HTML page in the archive, in order; errors in place of bad records and of
    the record an archive cut short breaks off in, whatever it held (once cut, it cannot always be
    told). `page_offsets` counts the same records.

    Records are numbered from `records_before` + 1 (for a stream that starts partway into a file).
    """
    number = records_before
    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in records:
            number += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_origin = f"{origin}:{number} {uri}".rstrip()
            if _is_page(record):
                yield _page(record, record_origin, uri or None, max_bytes)
            elif (cut := _cut_short(record)) is not None:
                yield BinaryInput(record_origin, cut)
        if _ends_inside_a_record(records):
            yield BinaryInput(f"{origin}:{number + 1}", "the archive breaks off inside this record's headers")
    except ArchiveLoadFailed as error:
        yield BinaryInput(f"{origin}:{number + 1}", f"not a readable WARC record ({_first_line(error)})")
    except _BROKEN_ARCHIVE as error:
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
        number = 0
        for number, record in enumerate(records, start=1):
            if _is_page(record) or _cut_short(record) is not None:
                offsets.append((number - 1, records.get_record_offset()))
        if _ends_inside_a_record(records):
            offsets.append((number, records.offset))
    except (ArchiveLoadFailed, *_BROKEN_ARCHIVE):
        return None
    return offsets


def _is_page(record: object) -> bool:
    return record.rec_type in _PAGE_RECORDS and _is_html(record)  # type: ignore[attr-defined]


def _ends_inside_a_record(records: ArchiveIterator) -> bool:
    """Whether bytes follow the last whole record, once the iterator is done: warcio ends its
    iteration quietly, as at the archive's end, on a record whose headers are cut off.

    The iterator's `offset` is where the last whole record ends (blank lines after it included)
    and its `fh` the stream it read, all of it by then (warcio 1.8, pinned).
    """
    return records.fh.tell() > records.offset


def _is_html(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    declared = http.get_header("Content-Type") if http is not None else None
    declared = declared or record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    status = http.get_statuscode() if http is not None else "200"
    return declared.split(";")[0].strip().lower() in _HTML_TYPES and str(status).startswith("2")


def _page(record: object, origin: str, url: str | None, max_bytes: int) -> Document | NewsBiteError:
    content = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    cut = _cut_short(record)
    if cut is not None:
        return BinaryInput(origin, cut)
    if len(content) > max_bytes:
        return InputTooLarge(origin, f"the page is over the {max_bytes:,}-byte limit")
    try:
        text = decode_bytes(content, origin)
    except NewsBiteError as error:
        return error
    return Document(origin=origin, kind=DocumentKind.HTML, content=text, url=url)


def _cut_short(record: object) -> str | None:
    """How the archive holds less of the record than its headers declare, once it is read to its
    end (as the iterator would before the next record); None for a whole record.

    warcio reads a record through a LimitReader counting down from its Content-Length, which just
    ends early where the archive (or its gzip stream) does: what is left of the count was cut off.
    """
    stream = record.raw_stream  # type: ignore[attr-defined]
    while stream.read(_READ_BYTES):
        pass
    if not isinstance(stream, LimitReader):
        # No Content-Length, which every WARC record has: the archive ends inside its headers.
        return "the archive breaks off inside this record's headers"
    if stream.limit > 0:
        declared: int = record.length  # type: ignore[attr-defined]
        return (
            f"the archive breaks off inside this record: {declared - stream.limit:,} of the "
            f"{declared:,} bytes its Content-Length declares are there"
        )
    return None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
