"""Article body blocks from an HTML page, with trafilatura as the base extractor."""

from __future__ import annotations

from lxml import etree
from trafilatura import bare_extraction

from newsbite.clean.blocks import Block
from newsbite.clean.normalize import normalize_line

_PARAGRAPH_TAGS = {"p", "item", "quote", "code", "cell"}
_CONTAINER_TAGS = {"list", "table", "row", "quote"}


def trafilatura_blocks(body: etree._Element | None) -> list[Block]:
    """Headings and paragraphs of trafilatura's body tree, in order; list items one each."""
    if body is None:
        return []
    blocks: list[Block] = []
    for element in body.iter("head", *_PARAGRAPH_TAGS):
        if element.tag in _CONTAINER_TAGS and _has_block_children(element):
            continue
        if element.tag != "head" and _inside_emitted_block(element):
            continue
        text = normalize_line("".join(element.itertext()))
        if text:
            blocks.append(Block(text, is_heading=element.tag == "head"))
    return blocks


def _has_block_children(element: etree._Element) -> bool:
    return any(child.tag in _PARAGRAPH_TAGS or child.tag == "head" for child in element)


def _inside_emitted_block(element: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in _PARAGRAPH_TAGS and not _has_block_children(parent):
            return True
        parent = parent.getparent()
    return False


# htmldate, run by trafilatura: the first publication (not the last update), with the time of day
# when the page gives one.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_PARAMS = {"original_date": True, "outputformat": DATE_FORMAT, "extensive_search": True}


def extract_page(html: str, url: str | None):
    """trafilatura's extraction of the page, metadata included; None when it finds nothing."""
    return bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # trafilatura's deduplication keeps a process-wide cache, so its output would depend on
        # what was extracted before; repeated blocks are dropped by our own rule instead.
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
