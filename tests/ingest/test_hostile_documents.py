"""One bad document fails alone: inputs that made a dependency raise (issue 18) are each reported as
that document's error, with its reason, and the documents after them are still read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbite.cli import app
from newsbite.config import Settings
from newsbite.errors import BinaryInput, NewsBiteError
from newsbite.ingest import read_inputs
from newsbite.model import Document, DocumentKind
from tests.archives import (
    cut_in_last_page,
    declared_length,
    last_record_start,
    page,
    page_url,
    warc_of_pages,
)

DEPTH = 10_000  # far past the recursion limit of Python's JSON parser
GOOD_RECORD = {"id": "fine", "title": "Fine headline", "text": "A fine body sentence here. And another."}


def nested_jsonl(folder: Path) -> Path:
    path = folder / "nested.jsonl"
    deep = '{"id": "deep", "text": ' + "[" * DEPTH + "]" * DEPTH + "}"
    path.write_text(deep + "\n" + json.dumps(GOOD_RECORD) + "\n")
    return path


def feed_with_reference(folder: Path, reference: str) -> Path:
    path = folder / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<link>https://wire.example/</link><item><title>A story</title>"
        f"<link>https://wire.example/a</link><description>Text {reference} here.</description>"
        "</item></channel></rss>"
    )
    return path


def warc_cut_inside_the_second_records_headers(folder: Path) -> Path:
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=False)
    for number in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = b"<html><body><h1>Head</h1><p>One sentence here. Another one follows.</p></body></html>"
        writer.write_record(
            writer.create_warc_record(
                f"https://wire.example/{number}", "response", payload=io.BytesIO(page), http_headers=headers
            )
        )
    data = stream.getvalue()
    second = data.find(b"WARC/1.0", 10)
    path = folder / "cut.warc"
    path.write_bytes(data[: second + 40])
    return path


def warc_cut_in_its_last_page(folder: Path, compressed: bool = False) -> Path:
    path = folder / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(cut_in_last_page(warc_of_pages(3, compressed=compressed), compressed))
    return path


def outcomes_of(path: Path) -> list[Document | NewsBiteError]:
    return list(read_inputs([str(path)], Settings()))


def test_a_record_nested_too_deeply_fails_alone(tmp_path: Path) -> None:
    deep, fine = outcomes_of(nested_jsonl(tmp_path))
    assert isinstance(deep, NewsBiteError)
    assert str(deep) == f"{tmp_path / 'nested.jsonl'}:1: the JSON is nested too deeply to read"
    assert isinstance(fine, Document) and fine.record is not None and fine.record["id"] == "fine"


@pytest.mark.parametrize("reference", ["&#1114112;", "&#xD800;"])
def test_a_feed_with_an_impossible_character_reference_is_a_feed_error(
    tmp_path: Path, reference: str
) -> None:
    (outcome,) = outcomes_of(feed_with_reference(tmp_path, reference))
    assert isinstance(outcome, NewsBiteError)
    assert str(outcome).startswith(f"{tmp_path / 'feed.xml'}: not a readable feed (")


def test_a_warc_cut_inside_a_records_headers_keeps_the_pages_before_it(tmp_path: Path) -> None:
    first, cut = outcomes_of(warc_cut_inside_the_second_records_headers(tmp_path))
    assert isinstance(first, Document) and first.url == "https://wire.example/0"
    assert isinstance(cut, NewsBiteError)
    assert str(cut).startswith(f"{tmp_path / 'cut.warc'}:2: the archive breaks off inside a record")


def test_ingest_stores_the_good_file_and_names_each_bad_one_in_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'store.db'}")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "warcs").mkdir()
    (tmp_path / "cut").mkdir()
    good = tmp_path / "good.txt"
    good.write_text("Good headline\n\nThe good body has a sentence. And another one.\n")
    inputs = [
        nested_jsonl(tmp_path),
        feed_with_reference(tmp_path / "feeds", "&#1114112;"),
        warc_cut_inside_the_second_records_headers(tmp_path / "warcs"),
        warc_cut_in_its_last_page(tmp_path / "cut"),
        good,
    ]
    result = CliRunner().invoke(app, ["ingest", *map(str, inputs)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and isinstance(result.exception, SystemExit)
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 4
    assert f"failed: {tmp_path / 'cut' / 'cut.warc'}:3 {page_url(2)}: the archive breaks off" in failed[3]
    assert result.stderr.splitlines()[-1].startswith("5 added, 0 updated, 0 unchanged, 4 failed")


def test_a_reader_that_raises_something_unforeseen_costs_only_the_rest_of_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbite.ingest import files

    def broken_warc(stream, origin, max_bytes):  # type: ignore[no-untyped-def]
        yield Document(origin=f"{origin}#1", kind=DocumentKind.TEXT, content="First record.")
        raise KeyError("a dependency's surprise")

    monkeypatch.setattr(files, "documents_from_warc", broken_warc)
    warc = warc_cut_inside_the_second_records_headers(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("A good headline\n\nA good body sentence. And another one.\n")
    outcomes = list(read_inputs([str(warc), str(good)], Settings()))
    assert [type(outcome).__name__ for outcome in outcomes] == ["Document", "InputError", "Document"]
    assert str(outcomes[1]) == f'{warc}: could not be read any further: KeyError: "a dependency\'s surprise"'


def test_a_warc_cut_inside_a_header_is_planned_and_read_for_a_batch_as_one_error(tmp_path: Path) -> None:
    from newsbite.batch.partitions import partition_documents, plan, scan

    warc = warc_cut_inside_the_second_records_headers(tmp_path)
    max_bytes = Settings().max_document_bytes
    parts = plan([str(warc)], [scan(str(warc), max_bytes, 10)])
    read = [document for part in parts for document in partition_documents(part, max_bytes)]
    assert [type(document).__name__ for document in read] == ["Document", "BinaryInput"]
    assert "breaks off inside a record" in str(read[1])


@pytest.mark.slow
def test_batch_records_each_bad_document_in_its_failures_table_and_keeps_the_good(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD_RECORD) + "\n")
    inputs = [
        nested_jsonl(tmp_path),
        feed_with_reference(tmp_path, "&#1114112;"),
        warc_cut_inside_the_second_records_headers(tmp_path),
        good,
    ]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["batch", *map(str, inputs), "--out", str(out), "--workers", "1", "--partition-size", "10"]
    )
    assert result.exit_code == 1, result.output  # as ingest: some documents failed
    assert "3 articles, 3 failed" in result.output
    failures = pq.read_table(out / "failures").to_pylist()
    assert sorted(row["error"] for row in failures) == ["BinaryInput", "FeedError", "MalformedRecord"]
    articles = pq.read_table(out / "articles").to_pylist()
    assert len(articles) == 3  # the good record after the nested one, the WARC's first page, good.jsonl


def test_a_warc_cut_inside_a_page_is_that_pages_error_with_the_bytes_there_and_declared(
    tmp_path: Path,
) -> None:
    path = warc_cut_in_its_last_page(tmp_path)
    cut = path.read_bytes()
    start = last_record_start(warc_of_pages(3, compressed=False))
    there = len(cut) - (cut.index(b"\r\n\r\n", start) + 4)  # the record's block, after its WARC headers
    first, second, last = outcomes_of(path)
    assert isinstance(first, Document) and first.content == page(0).decode()
    assert isinstance(second, Document) and second.content == page(1).decode()
    assert isinstance(last, BinaryInput)
    assert str(last) == (
        f"{path}:3 {page_url(2)}: the archive breaks off inside this record: {there:,} of the "
        f"{declared_length(cut, start):,} bytes its Content-Length declares are there"
    )


@pytest.mark.parametrize("before", [b"WARC-Date", b"Content-Length", b"Content-Type: text/html"])
def test_a_warc_cut_inside_a_records_headers_is_that_records_error(tmp_path: Path, before: bytes) -> None:
    data = warc_of_pages(3, compressed=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: data.index(before, last_record_start(data)) + 8])
    *pages, last = outcomes_of(path)
    assert [document.content for document in pages] == [page(0).decode(), page(1).decode()]  # type: ignore[union-attr]
    assert isinstance(last, BinaryInput) and last.origin.startswith(f"{path}:3")
    assert last.problem.startswith("the archive breaks off inside this record")


def test_a_gzipd_warc_cut_inside_a_page_is_that_pages_error(tmp_path: Path) -> None:
    path = warc_cut_in_its_last_page(tmp_path, compressed=True)
    first, second, *errors = outcomes_of(path)
    assert isinstance(first, Document) and first.content == page(0).decode()
    assert isinstance(second, Document) and second.content == page(1).decode()
    assert all(isinstance(error, BinaryInput) for error in errors)
    assert str(errors[0]).startswith(f"{path}:3 {page_url(2)}: the archive breaks off inside this record")


def test_feed_discovery_reads_a_page_with_a_crowded_tag_after_trimming_it() -> None:
    from newsbite.ingest.feeds import discover_feeds

    crowded = "<meta " + " ".join(f'a{number}="x"' for number in range(300_000)) + ">"
    link = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    page = f"<html><head>{link}{crowded}</head></html>"
    assert discover_feeds(page, "https://wire.example/") == ["https://wire.example/feed.xml"]


def test_a_record_with_half_a_surrogate_pair_is_stored_with_a_replacement_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # JSON may escape a lone half of a UTF-16 pair; UTF-8 (and so the store) cannot hold one.
    # Found by tests/test_fuzz.py: the store's JSON encoder raised on such an article.
    monkeypatch.setenv("NEWSBITE_DATABASE", f"sqlite:///{tmp_path / 'store.db'}")
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "half\\udc00", "title": "Dam \\ud83d\\ude00 opens", '
        '"text": "Officials said the dam \\udc00 opened on Tuesday. Residents cheered."}\n'
    )
    result = CliRunner().invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 added")
    shown = CliRunner().invoke(app, ["list", "--format", "jsonl"])
    assert shown.exit_code == 0, shown.stderr
    article = json.loads(shown.stdout)
    assert article["headline"] == "Dam \U0001f600 opens"  # a whole pair, escaped in halves, is kept
    assert "dam \ufffd opened" in article["text"]
