"""JSON and JSONL records: one document per record, bad records reported, the rest kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsbite.clean import clean_document
from newsbite.errors import InputTooLarge, MalformedRecord
from newsbite.ingest.files import documents_from_bytes, documents_from_path, documents_from_stream
from newsbite.model import Document, DocumentKind

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "mixed.jsonl"


def test_jsonl_gives_one_outcome_per_record_in_order() -> None:
    outcomes = list(documents_from_path(MIXED, max_bytes=1_000_000))
    kinds = [type(outcome).__name__ for outcome in outcomes]
    assert kinds == ["Document", "MalformedRecord", "MalformedRecord", "Document", "MalformedRecord"]
    assert [o.origin for o in outcomes] == [f"{MIXED}:{n}" for n in range(1, 6)]


def test_record_title_is_headline_and_text_is_split_into_paragraphs() -> None:
    first = next(iter(documents_from_path(MIXED, max_bytes=1_000_000)))
    assert isinstance(first, Document)
    article = clean_document(first)
    assert article.id == "rec-1"
    assert article.headline == "Dam levels fall to ten-year low"
    assert article.paragraphs == [
        "Water storage in the region fell to 41 percent this week.",
        "The utility urged residents to cut use.",
    ]
    assert article.published == "2026-02-03T06:00:00+00:00"
    assert article.publisher == "valleygazette.example"


def test_record_without_title_has_no_headline_and_splits_at_line_breaks() -> None:
    fourth = list(documents_from_path(MIXED, max_bytes=1_000_000))[3]
    assert isinstance(fourth, Document)
    article = clean_document(fourth)
    assert article.id == "7"
    assert article.headline is None
    assert len(article.paragraphs) == 2


def test_json_array_gives_one_document_per_element() -> None:
    records = [{"id": str(n), "title": f"Story {n}", "text": f"Body of story {n}."} for n in range(3)]
    outcomes = list(documents_from_bytes(json.dumps(records).encode(), "batch.json", max_bytes=1_000_000))
    assert [o.origin for o in outcomes] == ["batch.json[0]", "batch.json[1]", "batch.json[2]"]
    assert all(isinstance(o, Document) and o.kind is DocumentKind.RECORD for o in outcomes)


def test_record_with_html_is_extracted() -> None:
    page = (Path(__file__).resolve().parents[1] / "fixtures" / "html" / "wrapped_article.html").read_text()
    record = {"id": "h1", "title": "Ferry suspended", "html": page}
    (document,) = list(documents_from_bytes(json.dumps(record).encode(), "one.json", max_bytes=1_000_000))
    assert isinstance(document, Document)
    article = clean_document(document)
    assert article.headline == "Ferry suspended"
    assert any("142 passengers" in p for p in article.paragraphs)


def test_oversized_record_is_skipped_and_the_next_is_read() -> None:
    small = json.dumps({"id": "a", "text": "short body"}).encode()
    huge = json.dumps({"id": "b", "text": "x" * 5000}).encode()
    stream = io.BytesIO(small + b"\n" + huge + b"\n" + small + b"\n")
    outcomes = list(documents_from_stream(stream, "corpus.jsonl", max_bytes=1000))
    assert [type(o) for o in outcomes] == [Document, InputTooLarge, Document]
    assert outcomes[1].origin == "corpus.jsonl:2"


def test_malformed_record_errors_name_the_line() -> None:
    outcomes = list(documents_from_path(MIXED, max_bytes=1_000_000))
    not_json, not_object, no_body = outcomes[1], outcomes[2], outcomes[4]
    assert all(isinstance(error, MalformedRecord) for error in (not_json, not_object, no_body))
    assert not_json.origin == f"{MIXED}:2"
    assert "not valid JSON" in not_json.problem
    assert "must be a JSON object" in not_object.problem
    assert "no 'text' or 'html'" in no_body.problem
