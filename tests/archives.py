"""WARC archives of HTML pages made in the test, and the same archives cut short as a stopped
download leaves them, for the ingest and batch tests."""

from __future__ import annotations

import io
import re

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# The gzip trailer (8 bytes) and the end of the deflate stream before it.
GZIP_BYTES_CUT = 16
PARAGRAPHS = (
    "The council voted nine votes to two on Tuesday to rebuild the storm-damaged sea wall.",
    "Work on the first stretch, beside the ferry terminal, is due to begin in June.",
    "Residents on the harbour front had asked for the repairs since the winter floods.",
    "The mayor said the town would seek a grant from the regional fund to cover half the cost.",
    "Two councillors voted against, arguing that the money should go to the bus station first.",
    "Engineers expect the whole wall to take eighteen months to finish.",
)


def page_url(number: int) -> str:
    return f"https://harbour.example/news/{number}"


def page(number: int) -> bytes:
    paragraphs = "".join(f"<p>{paragraph} (Story {number}.)</p>" for paragraph in PARAGRAPHS)
    return (
        f"<html><head><title>Harbour story {number}</title></head><body><article>"
        f"<h1>Harbour story {number}</h1>{paragraphs}</article></body></html>"
    ).encode()


def warc_of_pages(count: int, *, compressed: bool) -> bytes:
    """`count` response records of `page_url(N)`, each gzip'd on its own if `compressed` (as
    crawlers write them)."""
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compressed)
    for number in range(count):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            page_url(number), "response", payload=io.BytesIO(page(number)), http_headers=headers
        )
        writer.write_record(record)
    return stream.getvalue()


def last_record_start(data: bytes) -> int:
    """Where the archive's last record starts, in the bytes as stored (gzip'd or not)."""
    records = ArchiveIterator(io.BytesIO(data))
    return [records.get_record_offset() for _ in records][-1]


def cut_in_last_page(data: bytes, compressed: bool) -> bytes:
    """The archive cut off inside its last record's page: three quarters of the way into it, or
    (compressed) in the last bytes of its gzip stream, which leave the page a few bytes short."""
    if compressed:
        return data[: len(data) - GZIP_BYTES_CUT]
    body = data.index(b"\r\n\r\n<html>", last_record_start(data)) + 4
    return data[: body + (len(data) - body) * 3 // 4]


def declared_length(data: bytes, start: int) -> int:
    """The Content-Length in the WARC headers of the (uncompressed) record at `start`."""
    found = re.search(rb"\r\nContent-Length: (\d+)\r\n", data[start:])
    assert found is not None
    return int(found[1])
