"""Article body blocks and metadata from an HTML page.

The sequence, step by step:
1. trafilatura (without its own whole-document fallback) gives the main blocks, and its own
   metadata readers the page's title, description, author, URL and date (`_metadata`);
2. the same parse of the page gives the page's own titles and byline, and then (readability
   edits what it is given) readability's article container;
3. `fusion.SecondOpinion` trims and completes trafilatura's blocks where readability confirms them
   (trafilatura's quick port of readability, or readability-lxml where the port disagrees).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title, extract_url
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import load_html

from newsbite.clean.blocks import Block
from newsbite.clean.fusion import SecondOpinion
from newsbite.clean.normalize import normalize_line
from newsbite.clean.readability_blocks import (
    page_titles,
    parse_page,
    printed_byline,
    printed_headline,
    quick_readability_blocks,
    readability_blocks,
)

# The second opinion is asked of trafilatura's quick port of readability first. Where it holds
# this share of trafilatura's text, the two agree on where the article is, and fusing with it
# gives what fusing with readability-lxml does; where it holds less (it picked one part of an
# article split by an ad, or a different container), readability-lxml, which joins an article's
# parts and prefers <article> and <main>, is asked. On the extraction set's dev pages the F1
# was the same for every threshold from 0.7 to 0.95 (readability-lxml asked on 12% to 27% of
# pages); this one sits inside that range, on the side of asking more.
_QUICK_OPINION_AGREEMENT = 0.9

# htmldate, run by trafilatura: the first publication (not the last update), with the time of day
# when the page gives one.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_PARAMS = {"original_date": True, "outputformat": DATE_FORMAT, "extensive_search": True}

# trafilatura's output tree (its XML format): <head> headings, <p> paragraphs, <list>/<item>,
# <quote>, <code>, <table>/<row>/<cell>, and inline <hi>, <ref>, <lb>, <del> inside them.
_LEAF_TAGS = {"p", "item", "quote", "code"}
_CONTAINER_TAGS = {"list", "table", "quote", "div"}
_BLOCK_TAGS = _LEAF_TAGS | _CONTAINER_TAGS | {"head", "row", "cell"}
_SKIPPED_TAGS = {"graphic"}
_CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class ExtractedPage:
    """What an HTML page says about its article."""

    blocks: list[Block]
    title: str | None = None
    titles: list[str] = field(default_factory=list)
    h1: str | None = None
    printed_byline: str | None = None
    description: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None


def extract_page(html: str, url: str | None) -> ExtractedPage:
    """The page's article blocks (fused, see the module docstring) and metadata."""
    # One parse serves both: trafilatura works on a copy of a tree it is given, and readability
    # reads trafilatura's parse as it reads its own (the same articles on the extraction set's
    # pages, samples and fixtures). A page trafilatura will not parse as HTML (a bare fragment)
    # is still read by readability's lenient parser.
    shared = load_html(html)
    metadata = _metadata(shared, url) if shared is not None else {}
    source = html if shared is None else shared
    page = _trafilatura(source, url or metadata.get("url"))
    main = trafilatura_blocks(page.body) if page is not None else []
    tree = parse_page(html) if shared is None else shared
    if tree is None:
        return ExtractedPage(blocks=main, **metadata)
    # Read the page's own titles and byline first: readability edits the tree it is given.
    titles, h1, byline = page_titles(tree), printed_headline(tree), printed_byline(tree)
    opinion = SecondOpinion(main, quick_readability_blocks(tree) if shared is not None else [])
    if opinion.agreement() < _QUICK_OPINION_AGREEMENT:
        # (readability edits what it reads: the shared parse went to the port, so a fresh one)
        opinion = SecondOpinion(main, readability_blocks(tree if shared is None else load_html(html)))
    blocks = opinion.fused()
    return ExtractedPage(blocks=blocks, titles=titles, h1=h1, printed_byline=byline, **metadata)


def _trafilatura(html: str | HtmlElement, url: str | None) -> TrafilaturaDocument | None:
    return bare_extraction(
        html,
        url=url,
        fast=True,  # trafilatura's fallback picks a whole document; fusion compares per block
        with_metadata=False,  # read by `_metadata`, without the fields no article keeps
        include_comments=False,
        include_tables=True,
        # trafilatura's deduplication keeps a process-wide cache, so its output would depend on
        # what was extracted before; repeated blocks are dropped by our own rule instead.
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )


def _metadata(tree: HtmlElement, url: str | None) -> dict[str, str | None]:
    """The page's title, description, author, canonical URL and first publication date.

    These are trafilatura's own readers, in the order its `extract_metadata` runs them, without
    the site name, categories, tags and licence it also reads: an article keeps none of them, and
    they were a fifth of the clean stage's time beside trafilatura's bare extraction. None of
    them edits the tree (htmldate prunes a copy).
    """
    page = examine_meta(tree)
    if page.author and " " not in page.author:  # as trafilatura: a one-word author is a handle
        page.author = None
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        page = extract_meta_json(tree, page)
    page.title = page.title or extract_title(tree)
    page.author = page.author or extract_author(tree)
    page.url = page.url or extract_url(tree, url)
    try:
        date = find_date(tree, **_DATE_PARAMS, url=page.url)
    except AssertionError:
        # htmldate's tree pruning asserts on some markup (an element without a parent, seen with
        # SVG inside a feed's HTML): the page is still worth extracting, without its dates.
        date = None
    page.clean_and_trim()  # trafilatura's own last step: entities, spaces, 10,000 characters at most
    return {"title": page.title, "description": page.description, "author": page.author, "date": date,
            "url": page.url}  # fmt: skip


def trafilatura_blocks(body: etree._Element | None) -> list[Block]:
    """Headings and paragraphs of trafilatura's body tree in reading order.

    List items are a paragraph each and a table row is one paragraph of its cells; text that
    trafilatura leaves loose between elements (an element's tail) is a paragraph of its own.
    """
    blocks: list[Block] = []
    if body is not None:
        _walk(body, blocks)
    return blocks


def _walk(container: etree._Element, blocks: list[Block]) -> None:
    _add(blocks, container.text)
    for child in container:
        if child.tag in _SKIPPED_TAGS:
            pass
        elif child.tag == "head":
            _add(blocks, _element_text(child), is_heading=True)
        elif child.tag == "row":
            cells = (normalize_line(_element_text(cell)) for cell in child)
            _add(blocks, _CELL_SEPARATOR.join(cell for cell in cells if cell))
        elif child.tag in _CONTAINER_TAGS or (child.tag in _LEAF_TAGS and _has_block_children(child)):
            _walk(child, blocks)
        else:
            _add(blocks, _element_text(child))
        _add(blocks, child.tail)


def _element_text(element: etree._Element) -> str:
    """The element's text with <lb/> line breaks as spaces, so words either side stay apart."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "lb" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _add(blocks: list[Block], text: str | None, is_heading: bool = False) -> None:
    line = normalize_line(text) if text else ""
    if line:
        blocks.append(Block(line, is_heading=is_heading))


def _has_block_children(element: etree._Element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element)
