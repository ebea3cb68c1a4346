"""Corpora read as they stream: WARC archives (plain and gzip'd) and gzip'd JSONL."""

from __future__ import annotations

import gzip
import io
import json
import random
import string
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import BinaryInput, InputTooLarge
from newsbite.ingest import read_inputs
from newsbite.model import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE = (FIXTURES / "pages" / "council_vote.html").read_bytes()
FERRY = (FIXTURES / "html" / "wrapped_article.html").read_bytes()


def _warc(path: Path, *, gzip_records: bool, copies: int = 1) -> None:
    pages = [
        ("https://coastlinecourier.example/local/sea-wall", PAGE, "text/html; charset=utf-8"),
        ("https://coastlinecourier.example/img/wall.jpg", b"\xff\xd8\xff\xe0 not text", "image/jpeg"),
        ("https://coastlinecourier.example/news/ferry-fire", FERRY, "text/html"),
    ]
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=gzip_records)
        for url, body, kind in pages * copies:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


@pytest.mark.parametrize("gzip_records", [False, True])
def test_a_warc_gives_one_document_per_html_response(tmp_path: Path, gzip_records: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip_records else "crawl.warc")
    _warc(path, gzip_records=gzip_records)
    documents = list(read_inputs([str(path)], Settings()))
    assert [type(document) for document in documents] == [Document, Document]
    council, ferry = documents
    assert council.url == "https://coastlinecourier.example/local/sea-wall"
    assert council.origin.startswith(f"{path}:")
    assert clean_document(council).headline == "Council votes to rebuild storm-damaged sea wall"
    assert clean_document(ferry).publisher == "coastlinecourier.example"


def test_a_warc_record_over_the_limit_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, gzip_records=True)
    council, too_big = read_inputs([str(path)], Settings(max_document_bytes=len(PAGE) + 10))
    assert isinstance(council, Document)
    assert isinstance(too_big, InputTooLarge) and "ferry-fire" in too_big.origin


def test_a_cut_short_warc_ends_in_one_clear_error(tmp_path: Path) -> None:
    whole = tmp_path / "crawl.warc.gz"
    _warc(whole, gzip_records=True, copies=10)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) * 2 // 3])
    outcomes = list(read_inputs([str(cut)], Settings()))
    assert isinstance(outcomes[0], Document)
    assert isinstance(outcomes[-1], BinaryInput) and str(cut) in outcomes[-1].origin


def test_gzipped_jsonl_streams_record_by_record_with_the_limit_per_record(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    records = [
        {"id": f"r{n}", "title": f"Story {n}", "text": f"Paragraph about the harbour, number {n}."}
        for n in range(3)
    ]
    records.insert(1, {"id": "big", "title": "Big", "text": "x" * 5_000})
    with gzip.open(path, "wt", encoding="utf-8") as output:
        for record in records:
            output.write(json.dumps(record) + "\n")
    outcomes = list(read_inputs([str(path)], Settings(max_document_bytes=1_000)))
    assert [type(outcome) for outcome in outcomes] == [Document, InputTooLarge, Document, Document]
    assert outcomes[1].origin == f"{path}:2"
    assert [clean_document(o).headline for o in outcomes if isinstance(o, Document)] == [
        "Story 0",
        "Story 1",
        "Story 2",
    ]


def test_jsonl_records_longer_than_one_read_still_stream(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl.gz"
    rng = random.Random(3)  # words that do not compress away, so one read inflates to less than a line
    words = " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(90_000))
    page = PAGE.decode().replace("<p>Work on", f"<p>{words}</p><p>Work on")
    with gzip.open(path, "wt", encoding="utf-8") as output:
        for number in range(3):
            output.write(
                json.dumps({"url": f"https://coastlinecourier.example/{number}", "html": page}) + "\n"
            )
    documents = list(read_inputs([str(path)], Settings(max_document_bytes=1_000_000)))
    assert [type(document) for document in documents] == [Document, Document, Document]
    assert documents[2].origin == f"{path}:3"
