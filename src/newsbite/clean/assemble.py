"""From blocks to an Article: the residue rules applied in order, then sections and metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsbite.clean.blocks import Block, comparable, drop_repeated_blocks, ends_as_sentence
from newsbite.clean.byline import take_byline_line
from newsbite.clean.crossheads import mark_crossheads, sections_from_blocks
from newsbite.clean.furniture import drop_furniture
from newsbite.clean.masthead import TitleHints, take_masthead
from newsbite.clean.metadata import article_id, detect_language, publisher_domain
from newsbite.clean.syndication import take_syndication_footer
from newsbite.clean.wire import byline_agency, dateline_agency, take_wire_signoff
from newsbite.errors import ExtractionError
from newsbite.model import Article


@dataclass(frozen=True)
class PageHints:
    """What a page's metadata says about the article, where it says anything."""

    title: str | None = None
    names: tuple[str, ...] = ()
    description: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


def assemble_article(
    origin: str,
    blocks: list[Block],
    hints: PageHints,
    tidy: Callable[[list[Block]], list[Block]] | None = None,
) -> Article:
    """The article in `blocks`, with footer, sign-off, masthead copies and crossheads sorted out.

    `tidy` is a cleaner's own pass over the body's blocks, once the footer, sign-off and masthead
    are read (a dump's lines after the story go, which would take the footer with them). Raises
    ExtractionError when no body paragraph is left.
    """
    footer, blocks = take_syndication_footer(blocks)
    agency, blocks = take_wire_signoff(blocks)
    masthead, blocks = take_masthead(
        blocks, TitleHints(hints.title, hints.names, footer.original_title, hints.description)
    )
    printed_byline, blocks = take_byline_line(blocks)
    blocks = drop_furniture(_without_headline_copies(blocks, masthead.headline))
    if tidy is not None:
        blocks = tidy(blocks)
    byline = hints.byline or printed_byline
    sections = sections_from_blocks(mark_crossheads(drop_repeated_blocks(blocks)))
    if not sections:
        raise ExtractionError(origin, "no article text found")
    first_paragraph = sections[0].paragraphs[0]
    body = "\n".join(p for section in sections for p in section.paragraphs)
    return Article(
        id=article_id(footer.original_url or hints.url, masthead.headline, body),
        origin=origin,
        headline=masthead.headline,
        standfirst=masthead.standfirst,
        sections=sections,
        byline=byline,
        agency=agency
        or dateline_agency(first_paragraph)
        or byline_agency(byline)
        or byline_agency(printed_byline),
        section=masthead.label,
        publisher=publisher_domain(footer.original_url or hints.url),
        published=hints.published,
        url=hints.url,
        original_url=footer.original_url,
        original_title=footer.original_title,
        language=hints.language or detect_language(body),
    )


def _without_headline_copies(blocks: list[Block], headline: str | None) -> list[Block]:
    """The body without the headline printed again inside it (over an audio or video player, or
    a page's second header): the story never repeats its own headline as a line."""
    if not headline:
        return blocks
    key = comparable(headline)
    # (a sentence of the story may say what the headline quotes: '"We will not be silenced."')
    return [block for block in blocks if comparable(block.text) != key or ends_as_sentence(block.text)]
