"""readability's choice of article container, as blocks, and the page's own titles.

readability keeps one best container: it rarely keeps side material but keeps everything inside
its container. Its blocks are the second opinion that `fusion` weighs trafilatura's against,
asked first of trafilatura's quick port of it and then, where the port disagrees with
trafilatura, of readability-lxml (see `extract`).
"""

from __future__ import annotations

import logging

import readability.readability as readability_module
from lxml import etree
from lxml import html as lxml_html
from lxml_html_clean import Cleaner
from readability import Document as Readability
from readability.htmls import build_doc
from trafilatura.readability_lxml import Document as QuickReadability

from newsbite.clean.blocks import Block
from newsbite.clean.normalize import normalize_line

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = _HEADINGS | {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "tbody", "thead", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
    "figcaption", "form", "address", "center", "br", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "button", "select", "iframe"}


class _AsDebug(logging.Filter):
    """Makes every record of the logger it is on a DEBUG one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


# readability logs its heuristics' course for its own debugging, and when `summary` fails it
# logs the exception with its traceback at ERROR before raising it again (as Unparseable), which
# `readability_blocks` handles (no blocks; trafilatura's stand). Python prints such a record on
# stderr even where nothing configured logging, so a run that succeeded showed a dependency's
# traceback. Its records stay available at DEBUG, for whoever debugs extraction.
_READABILITY_LOG = logging.getLogger("readability.readability")
if not any(isinstance(existing, _AsDebug) for existing in _READABILITY_LOG.filters):
    _READABILITY_LOG.addFilter(_AsDebug())


def _text_cleaner(cleaner: Cleaner) -> Cleaner:
    """readability's cleaner without its javascript=True: that pass drops event attributes and
    "javascript:" links by rewriting every link of the page, an eighth of the clean stage's time
    over the extraction set's pages. Only the text of readability's choice is read here, which
    no attribute or link changes (the blocks of those pages are identical either way; a test
    checks the sample pages)."""
    settings = {name: getattr(cleaner, name) for name in _CLEANER_SETTINGS}
    return Cleaner(**{**settings, "javascript": False})


_CLEANER_SETTINGS = (
    "scripts", "javascript", "comments", "style", "links", "meta", "add_nofollow", "page_structure",
    "processing_instructions", "embedded", "frames", "forms", "annoying_tags", "remove_tags",
    "remove_unknown_tags", "safe_attrs_only",
)  # fmt: skip
# readability cleans every page with the one module-level Cleaner its parser names.
if isinstance(getattr(readability_module, "html_cleaner", None), Cleaner):
    readability_module.html_cleaner = _text_cleaner(readability_module.html_cleaner)


def parse_page(html: str) -> etree._Element | None:
    """The page parsed once with readability's own parser; None when it cannot be parsed."""
    try:
        tree, _ = build_doc(html)
    except (ValueError, etree.ParserError):
        return None
    return tree


def page_titles(tree: etree._Element) -> list[str]:
    """The page's own names for the article: <title> and og:/twitter:title."""
    found = tree.xpath("//title//text() | //meta[@property='og:title' or @name='twitter:title']/@content")
    return [title for title in (normalize_line(str(text)) for text in found) if title]


def printed_headline(tree: etree._Element) -> str | None:
    """The text of the page's first <h1>, the headline as readers see it; None without one."""
    first_h1 = tree.find(".//h1")
    return (normalize_line(first_h1.text_content()) or None) if first_h1 is not None else None


# Where pages print the credit line: trafilatura keeps the author's name from it but drops the
# agency after the comma ("Lucy Tran, Reuters").
_BYLINE_XPATH = (
    "//address | //*[@rel='author'] | //*[contains(@class, 'byline')] | //*[contains(@class, 'author')]"
)
_BYLINE_MAX_CHARS = 200


def printed_byline(tree: etree._Element) -> str | None:
    """The text of the page's first byline element, or None when it has none."""
    for element in tree.xpath(_BYLINE_XPATH):
        text = normalize_line(element.text_content())
        if text and len(text) <= _BYLINE_MAX_CHARS:
            return text
    return None


def readability_blocks(tree: etree._Element) -> list[Block]:
    """readability's article container split at block-level tags; [] when it finds none.

    readability edits the tree it is given, so read anything else from `tree` first.
    """
    _drop_page_chrome(tree)
    try:
        summary = Readability(tree).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on pages with no usable content, and
        return []  # Unparseable where its own code fails (moving an element into its own child)
    return _html_blocks(lxml_html.fromstring(summary)) if summary.strip() else []


# readability scores every element it is given, in Python, so it is not given:
# - what HTML names as not the article: navigation and side content anywhere, and the page's
#   header and footer (an article's own <header> holds its headline and byline, so those inside
#   <article> or <main> stay). <form> is not among them: some sites wrap the whole page in one;
# - what it never reads: the document's <head> (its titles are read before), and inline <svg>
#   drawings (icons of dozens of elements each, whose text `_html_blocks` skips anyway).
# On the extraction set's 121 pages this cut readability's time by a fifth and changed no article.
_CHROME_TAGS = ("nav", "aside", "header", "footer", "head", "svg")
_ARTICLE_TAGS = ("article", "main")


def _drop_page_chrome(tree: etree._Element) -> None:
    for element in list(tree.iter(*_CHROME_TAGS)):
        if element.getparent() is None:
            continue
        if element.tag in ("header", "footer") and any(
            ancestor.tag in _ARTICLE_TAGS for ancestor in element.iterancestors()
        ):
            continue
        element.drop_tree()


def quick_readability_blocks(tree: etree._Element) -> list[Block]:
    """The article container of trafilatura's port of readability, as blocks; [] when none.

    The port scores as readability-lxml does, in a third of the time, but keeps the one best
    container: it neither joins an article's parts nor prefers <article> or <main>. It edits the
    tree it is given.
    """
    _drop_page_chrome(tree)
    try:
        summary = QuickReadability(tree, min_text_length=_MIN_TEXT_LENGTH).summary()
    except Exception:  # as readability-lxml: bare Exceptions on pages with no usable content
        return []
    return _html_blocks(lxml_html.fromstring(summary)) if summary.strip() else []


# readability-lxml's own shortest paragraph worth scoring, given to the port as well.
_MIN_TEXT_LENGTH = 25


def _html_blocks(root: etree._Element) -> list[Block]:
    """Blocks of an HTML fragment: a block-level tag ends one; inline text gathers into one."""
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(is_heading: bool = False) -> None:
        text = normalize_line("".join(buffer))
        buffer.clear()
        if text:
            blocks.append(Block(text, is_heading=is_heading))

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments, instructions
        if tag in _HEADINGS:
            flush()
            buffer.append(element.text_content())
            flush(is_heading=True)
        elif tag in _BLOCK_TAGS:
            flush()
            buffer.append(element.text or "")
            for child in element:
                walk(child)
            flush()
        elif tag not in _SKIP_TAGS:
            buffer.append((element.text or "") if tag else "")
            for child in element:
                walk(child)
        buffer.append(element.tail or "")

    walk(root)
    flush()
    return blocks
