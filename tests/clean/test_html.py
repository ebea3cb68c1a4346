"""HTML pages: the article's text and structure kept, page chrome gone, metadata read."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.ingest.files import documents_from_path
from newsbite.model import Article, Document, DocumentKind

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "wrapped_article.html"


@pytest.fixture(scope="module")
def article() -> Article:
    (document,) = list(documents_from_path(PAGE, max_bytes=1_000_000))
    return clean_document(document)


def test_metadata_comes_from_the_page(article: Article) -> None:
    assert article.headline == "Harbour ferry service suspended after engine fire"
    assert article.standfirst == "Commuters face longer trips while investigators examine the vessel"
    assert article.byline == "Priya Nandakumar"
    assert article.published == "2026-05-12T08:30:00+10:00"
    assert article.language == "en"


def test_subheading_starts_a_section(article: Article) -> None:
    assert [(s.heading, len(s.paragraphs)) for s in article.sections] == [
        (None, 3),
        ("Investigators on board", 3),
    ]


def test_page_chrome_is_gone(article: Article) -> None:
    body = article.body_text
    for chrome in ("cookies", "Related stories", "Sign up", "All rights reserved", "Privacy", "Home"):
        assert chrome not in body
    assert "142 passengers" in body
    assert body.count("The harbour ferry service") == 1


PARAGRAPH = (
    "<p>The council voted nine to two on Tuesday, after a long debate, to rebuild the wall, which the "
    "storms of the winter had broken in three places.</p>"
)


def quote_led_page() -> str:
    """A page on which readability's summary fails in its own code: the lead it finds for a quoted
    segment ("...said afterwards:") holds the article container, which it then tries to move
    inside that container (lxml: "cannot append parent to itself")."""
    quote = "<blockquote><p>We had no choice, said one, after the floods of the winter.</p></blockquote>"
    lead = "Read what the councillors said afterwards:"
    return (
        "<html><head><title>Sea wall</title></head><body><article>"
        f'<div id="lead"><div class="content">{PARAGRAPH * 6}</div>{lead}</div>'
        f'<div id="wrap"><div class="content">{quote}{PARAGRAPH * 3}</div></div>'
        "</article></body></html>"
    )


def test_a_page_readability_fails_on_is_cleaned_without_an_error_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    article = clean_document(
        Document(origin="quote-led.html", kind=DocumentKind.HTML, content=quote_led_page())
    )
    assert "broken in three places" in article.body_text
    logged = [record for record in caplog.records if record.name.startswith("readability")]
    assert any(record.exc_info for record in logged), "readability no longer fails on this page"
    assert {record.levelno for record in logged} == {logging.DEBUG}


@pytest.mark.slow
def test_ingesting_a_page_readability_fails_on_prints_no_traceback(tmp_path: Path) -> None:
    page = tmp_path / "quote-led.html"
    page.write_text(quote_led_page())
    newsbite = Path(sys.executable).with_name("newsbite")
    environ = {**os.environ, "NEWSBITE_DATABASE": f"sqlite:///{tmp_path / 'store.db'}"}
    ingested = subprocess.run(
        [str(newsbite), "ingest", str(page)], capture_output=True, text=True, env=environ, timeout=120
    )
    assert ingested.returncode == 0
    assert "Traceback" not in ingested.stderr and "error getting summary" not in ingested.stderr
    assert ingested.stderr.startswith("1 added, 0 updated, 0 unchanged, 0 failed")
