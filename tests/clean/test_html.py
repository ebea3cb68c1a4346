"""HTML pages: the article's text and structure kept, page chrome gone, metadata read."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbite.clean import clean_document
from newsbite.ingest.files import documents_from_path
from newsbite.model import Article

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
