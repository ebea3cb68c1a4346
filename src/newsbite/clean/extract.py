"""Article body blocks from an HTML page, with trafilatura as the base extractor."""

from __future__ import annotations

from lxml import etree
from trafilatura import bare_extraction

from newsbite.clean.blocks import Block
from newsbite.clean.normalize import normalize_line

# trafilatura's output tree (its XML format): <head> headings, <p> paragraphs, <list>/<item>,
# <quote>, <code>, <table>/<row>/<cell>, and inline <hi>, <ref>, <lb>, <del> inside them.
_LEAF_TAGS = {"p", "item", "quote", "code"}
_CONTAINER_TAGS = {"list", "table", "quote", "div"}
_BLOCK_TAGS = _LEAF_TAGS | _CONTAINER_TAGS | {"head", "row", "cell"}
_CELL_SEPARATOR = " | "


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
        if child.tag == "head":
            _add(blocks, "".join(child.itertext()), is_heading=True)
        elif child.tag == "row":
            cells = (normalize_line("".join(cell.itertext())) for cell in child)
            _add(blocks, _CELL_SEPARATOR.join(cell for cell in cells if cell))
        elif child.tag in _CONTAINER_TAGS or (child.tag in _LEAF_TAGS and _has_block_children(child)):
            _walk(child, blocks)
        else:
            _add(blocks, "".join(child.itertext()))
        _add(blocks, child.tail)


def _add(blocks: list[Block], text: str | None, is_heading: bool = False) -> None:
    line = normalize_line(text) if text else ""
    if line:
        blocks.append(Block(line, is_heading=is_heading))


def _has_block_children(element: etree._Element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element)


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
