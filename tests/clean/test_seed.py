"""The seed article, as scraped, and the same text wrapped in HTML, with CRLF, in Windows-1252."""

from __future__ import annotations

import html

import pytest

from newsbite.clean import clean_document
from newsbite.ingest import documents_from_bytes
from newsbite.model import Article, Document

SEED_URL = (
    "https://www.couriermail.com.au/news/breaking-news/"
    "russia-says-captured-key-mining-town-of-toretsk-in-east-ukraine/news-story/ba81442a13e0effde6852bc5d5839cdc"
)
HEADLINE = "Russia says captured key mining town of Toretsk in east Ukraine"
STANDFIRST = "The industrial hub in the eastern Donetsk region had been in the Kremlin's sights for months"


def _article(data: bytes) -> Article:
    (document,) = list(documents_from_bytes(data, "seed", max_bytes=1_000_000))
    assert isinstance(document, Document)
    return clean_document(document)


def _as_html_page(text: str) -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<!DOCTYPE html>\n<html><body>\n{paragraphs}\n</body></html>".encode()


VARIANTS = {
    "text": lambda text: text.encode("utf-8"),
    "html": _as_html_page,
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "windows-1252": lambda text: text.encode("cp1252"),
}


@pytest.fixture(params=sorted(VARIANTS))
def seed_article(request: pytest.FixtureRequest, seed_text: str) -> Article:
    return _article(VARIANTS[request.param](seed_text))


def test_headline_and_standfirst_are_kept_once(seed_article: Article) -> None:
    assert seed_article.headline == HEADLINE
    assert seed_article.standfirst == STANDFIRST
    body = seed_article.body_text
    assert HEADLINE not in body
    assert STANDFIRST not in body


def test_body_is_27_paragraphs_in_four_sections(seed_article: Article) -> None:
    shape = [(section.heading, len(section.paragraphs)) for section in seed_article.sections]
    assert shape == [
        (None, 9),
        ("Do we need negotiations?", 5),
        ("It's just ruins", 8),
        ("Enemy attack", 5),
    ]
    assert seed_article.paragraphs[0].startswith("Russia said Friday its forces had seized")
    assert seed_article.paragraphs[-1].startswith("Kyiv said Thursday it was ready")


def test_label_agency_and_publisher(seed_article: Article) -> None:
    assert seed_article.section == "NewsBite"
    assert seed_article.agency == "AFP"
    assert seed_article.publisher == "couriermail.com.au"


def test_footer_becomes_original_url_and_title(seed_article: Article) -> None:
    assert seed_article.original_url == SEED_URL
    assert seed_article.original_title == HEADLINE


def test_no_residue_in_body(seed_article: Article) -> None:
    body = seed_article.body_text
    for residue in ("bur-cad-jbr", "Originally published", "Original URL", "https://", "NewsBite", "- '"):
        assert residue not in body
    assert "\u00a0" not in body
    assert all(paragraph == paragraph.strip() for paragraph in seed_article.paragraphs)


def test_every_variant_gives_the_same_article(seed_text: str) -> None:
    articles = {name: _article(make(seed_text)) for name, make in VARIANTS.items()}
    reference = articles.pop("text")
    for name, article in articles.items():
        assert article.sections == reference.sections, name
        assert (article.headline, article.standfirst, article.section) == (
            reference.headline,
            reference.standfirst,
            reference.section,
        ), name
