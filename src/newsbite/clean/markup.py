"""A cheap scan of a page's markup before any HTML parser sees it.

libxml2 (under lxml, trafilatura and readability) checks each attribute of a tag against every
earlier one, so a tag with 80,000 attributes (868 KB) took 90 s to parse and one with a million
never finished; half a million elements took 20 s and 0.7 GB. Real pages stay far below both: of
about 1,900 pages of news and other sites (trafilatura's test cache and the extraction set), the
largest had under 5,000 elements and 90 attributes in one tag. So a tag keeps its first
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
from collections.abc import Iterator

from newsbite.errors import ExtractionError

MAX_ATTRIBUTES_PER_TAG = 256
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


def visible_text(html: str) -> str:
    """The page's text between its tags, without scripts, styles and comments, entities left as
    written: a linear look at what a page says, before (or instead of) parsing it."""
    return " ".join(html[start:end] for kind, start, end in _spans(html) if kind is _TEXT)


def _text_characters(html: str) -> int:
    """Characters outside tags, comments, scripts and styles (an upper bound of what a reader sees)."""
    return sum(end - start for kind, start, end in _spans(html) if kind is _TEXT)


def _without_crowded_tags(html: str) -> str:
    pieces: list[str] = []
    done = 0
    for kind, start, end in _spans(html):
        if kind is _TAG and end - start > _SHORTEST_CROWDED_TAG:
            trimmed = _trimmed_tag(html[start + 1 : end - 1])
            if trimmed is not None:
                pieces += [html[done:start], "<", trimmed, ">"]
                done = end
    return "".join([*pieces, html[done:]]) if pieces else html


_TAG, _TEXT = "tag", "text"


def _spans(html: str) -> Iterator[tuple[str, int, int]]:
    """The page as (kind, start, end) spans: each tag (`<` to `>` inclusive) and each run of text
    between tags, in order, passing over comments and the insides of scripts and styles (where
    `i<n` is code, not a tag). Linear: `str.find` from one tag to the next."""
    position = 0
    while (start := html.find("<", position)) != -1:
        if start > position:
            yield _TEXT, position, start
        if html.startswith("<!--", start):
            closing = html.find("-->", start + 4)
            position = len(html) if closing == -1 else closing + 3
            continue
        end = html.find(">", start)
        if end == -1:
            position = start
            break
        yield _TAG, start, end + 1
        position = end + 1
        if _RAW_TEXT_TAG.match(html, start + 1):
            closing_tag = _RAW_TEXT_END.search(html, position)
            position = closing_tag.start() if closing_tag else len(html)
    if position < len(html):
        yield _TEXT, position, len(html)


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
