"""Scraped plain-text dumps (like a page copied out of a browser) to articles."""

from __future__ import annotations

from newsbite.clean.assemble import PageHints, assemble_article
from newsbite.clean.blocks import Block, text_blocks
from newsbite.clean.byline import HEAD_BLOCKS, byline_names, read_head
from newsbite.clean.normalize import normalize_text
from newsbite.clean.page_lines import (
    SourceProfile,
    drop_page_lines,
    drop_tail,
    is_page_line,
    is_prose,
    mark_plain_crossheads,
)
from newsbite.model import Article, Document


def article_from_text(document: Document, profile: SourceProfile | None = None) -> Article:
    """The article in a text dump; ExtractionError when it holds no body text.

    `profile` holds the lines the document's source prints on its other pages (see page_lines).
    """
    blocks = text_blocks(normalize_text(document.content))
    deck = _deck(blocks, profile)
    byline, published, blocks = read_head(blocks)
    blocks = drop_page_lines(blocks, profile)
    hints = PageHints(url=document.url, byline=byline, published=published, description=deck)
    return assemble_article(document.origin, blocks, hints, tidy=_tidy)


def _tidy(blocks: list[Block]) -> list[Block]:
    return mark_plain_crossheads(drop_tail(blocks))


def _deck(blocks: list[Block], profile: SourceProfile | None) -> str | None:
    """The standfirst, where the page sets it off: a sentence between the headline and the
    byline, date or share lines under it."""
    for i, block in enumerate(blocks[:HEAD_BLOCKS]):
        if i >= 2 and _is_head_line(block.text, profile):
            deck, headline = blocks[i - 1].text, blocks[i - 2].text
            if is_prose(deck) and not is_prose(headline) and not _is_head_line(headline, profile):
                return deck
    return None


def _is_head_line(text: str, profile: SourceProfile | None) -> bool:
    return bool(byline_names(text)) or is_page_line(text) or bool(profile and profile.holds(text))
