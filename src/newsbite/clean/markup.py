"""A cheap scan of a page's markup before any HTML parser sees it.

libxml2 (under lxml, trafilatura and readability) checks each attribute of a tag against every
earlier one, so a tag with 80,000 attributes (868 KB) took 90 s to parse and one with a million
never finished; half a million elements took 20 s and 0.7 GB. Real pages stay far below both: of
about 1,900 pages of news and other sites (trafilatura's test cache and the extraction set), the
largest had under 5,000 elements and under 500 attributes in one tag. So a tag keeps its first
`MAX_ATTRIBUTES_PER_TAG` attributes, and a page of more than `MAX_ELEMENTS` elements is refused.
Parsing and extracting take about 100 bytes of memory per character of a page's text (a 19 MB page
of paragraphs: 1.7 GB), so a page holding more than `MAX_TEXT_CHARS` characters of text (outside
tags, scripts and styles) is refused too: a long read has 60,000.

Depth needs no scan: libxml2 stops nesting at 256 levels on its own (100,000 nested <div>s: 2 s).
The scan is linear: `str.find` from tag to tag, and a regex only inside a tag long enough to hold
too many attributes.
"""

from __future__ import annotations

import re

from newsbite.errors import ExtractionError

MAX_ATTRIBUTES_PER_TAG = 1_000
MAX_ELEMENTS = 100_000
MAX_TEXT_CHARS = 2_000_000

_ELEMENT_START = re.compile(r"<[A-Za-z]")
_RAW_TEXT_TAG = re.compile(r"(?:script|style)\b", re.IGNORECASE)
_RAW_TEXT_END = re.compile(r"</(?:script|style)", re.IGNORECASE)
# An attribute: a name, and optionally `=` and a quoted or bare value. No nested quantifiers, so
# no input can make it backtrack.
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
# Each attribute takes at least two characters (a space and a letter), so a shorter tag cannot
# hold too many.
_SHORTEST_CROWDED_TAG = 2 * MAX_ATTRIBUTES_PER_TAG


def bounded_markup(html: str, origin: str) -> str:
    """`html` with every tag cut to its first MAX_ATTRIBUTES_PER_TAG attributes; raises
    ExtractionError for a page of more than MAX_ELEMENTS elements or MAX_TEXT_CHARS of text."""
    if html.count("<") > MAX_ELEMENTS:
        elements = sum(1 for _ in _ELEMENT_START.finditer(html))
        if elements > MAX_ELEMENTS:
            raise ExtractionError(
                origin,
                f"the page has {elements:,} HTML elements, more than the {MAX_ELEMENTS:,} a page may"
                " have (the largest news pages have a few thousand); refused before parsing",
            )
    if len(html) > MAX_TEXT_CHARS:  # (a shorter page cannot hold too much text)
        text = _text_characters(html)
        if text > MAX_TEXT_CHARS:
            raise ExtractionError(
                origin,
                f"the page holds {text:,} characters of text, more than the {MAX_TEXT_CHARS:,} a page may"
                " hold (a long read has 60,000); refused before parsing",
            )
    return _without_crowded_tags(html)


def _text_characters(html: str) -> int:
    """Characters outside tags, scripts and styles (an upper bound of what a reader would see)."""
    text = 0
    position = 0
    while (start := html.find("<", position)) != -1:
        text += start - position
        end = html.find(">", start)
        if end == -1:
            return text
        position = end + 1
        if _RAW_TEXT_TAG.match(html, start + 1):
            closing = _RAW_TEXT_END.search(html, position)
            position = closing.start() if closing else len(html)
    return text + len(html) - position


def _without_crowded_tags(html: str) -> str:
    pieces: list[str] = []
    done = 0
    start = html.find("<")
    while start != -1:
        end = html.find(">", start)
        if end == -1:
            break
        if end - start > _SHORTEST_CROWDED_TAG:
            trimmed = _trimmed_tag(html[start + 1 : end])
            if trimmed is not None:
                pieces += [html[done:start], "<", trimmed, ">"]
                done = end + 1
        start = html.find("<", end + 1)
    return "".join([*pieces, html[done:]]) if pieces else html


def _trimmed_tag(inside: str) -> str | None:
    """The tag (its text between < and >) with only its name and first attributes, or None when it
    has no more than the limit."""
    name = re.match(r"[A-Za-z][^\s/>]*", inside)
    if name is None:
        return None
    attributes = _ATTRIBUTE.finditer(inside, name.end())
    kept = [match.group() for _, match in zip(range(MAX_ATTRIBUTES_PER_TAG + 1), attributes, strict=False)]
    if len(kept) <= MAX_ATTRIBUTES_PER_TAG:
        return None
    return " ".join([name.group(), *kept[:MAX_ATTRIBUTES_PER_TAG]])
