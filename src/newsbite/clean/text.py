"""Scraped plain-text dumps (like a page copied out of a browser) to articles."""

from __future__ import annotations

from newsbite.clean.assemble import PageHints, assemble_article
from newsbite.clean.blocks import text_blocks
from newsbite.clean.normalize import normalize_text
from newsbite.model import Article, Document


def article_from_text(document: Document) -> Article:
    """The article in a text dump; ExtractionError when it holds no body text."""
    blocks = text_blocks(normalize_text(document.content))
    return assemble_article(document.origin, blocks, PageHints(url=document.url))
