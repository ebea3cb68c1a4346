"""URLs are fetched over HTTP (here from a server on 127.0.0.1) within the size limit."""

from __future__ import annotations

from newsbite.clean import clean_document
from newsbite.config import Settings
from newsbite.errors import FetchError, InputTooLarge
from newsbite.ingest import read_inputs
from newsbite.model import Document

LOCAL = Settings(allow_hosts="127.0.0.1")


def test_page_is_fetched_and_cleaned(fixture_server: str) -> None:
    url = f"{fixture_server}/html/wrapped_article.html"
    (document,) = list(read_inputs([url], LOCAL))
    assert isinstance(document, Document)
    assert document.url == url
    article = clean_document(document)
    assert article.headline == "Harbour ferry service suspended after engine fire"
    assert article.byline == "Priya Nandakumar"
    assert article.published == "2026-05-12T08:30:00+10:00"


def test_http_error_status_is_reported(fixture_server: str) -> None:
    (outcome,) = list(read_inputs([f"{fixture_server}/no-such-page.html"], LOCAL))
    assert isinstance(outcome, FetchError)
    assert "404" in outcome.problem


def test_page_over_the_limit_is_refused(fixture_server: str) -> None:
    small = Settings(allow_hosts="127.0.0.1", max_document_bytes=500)
    (outcome,) = list(read_inputs([f"{fixture_server}/html/wrapped_article.html"], small))
    assert isinstance(outcome, InputTooLarge)
