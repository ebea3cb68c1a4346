"""The lead bite: the article's first sentences, then openings of the following paragraphs."""

from __future__ import annotations

from newsbite.bite import lead_bite
from newsbite.model import Article, Section


def _article(*paragraphs: str) -> Article:
    return Article(id="a", origin="test", sections=[Section(None, list(paragraphs))], language="en")


def test_lead_sentences_cross_paragraphs_in_order() -> None:
    article = _article("One. Two.", "Three. Four.", "Five.", "Six. Seven.")
    bite = lead_bite(article, sentence_count=3)
    assert bite.sentences == ["One.", "Two.", "Three."]
    assert bite.key_points == ["Five.", "Six."]


def test_article_without_paragraphs_gets_an_empty_bite() -> None:
    bite = lead_bite(Article(id="a", origin="test"), sentence_count=3)
    assert bite.sentences == []
    assert bite.key_points == []
