"""Quotation marks paired into quoted passages, in every style news prints them.

Double marks (straight, curly, low-9, guillemets and the two-apostrophe `''` of some papers)
are paired within a paragraph; curly single marks pair only where they cannot be apostrophes.
A paragraph that opens a quote without closing it, followed by one that opens with a mark,
continues the quote (the news convention for speech over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = "\u201c\u201e\u00ab"
_CLOSING = "\u201d\u00bb"
_AMBIGUOUS = '"\u201f'
# '' and `` stand for one double mark in some newspapers' typesetting.
_MARK = re.compile(r"''|``|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
# Curly single marks as quotation marks: an opening mark after a space or a dash, a closing
# one before a space or punctuation. An apostrophe inside a word ("it’s") never matches.
_SINGLE_QUOTED = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))\u2018(?=\S)([^\u2018\n]{2,}?)(?<=\S)\u2019(?=[\s,.;:!?)\u2014\u2013-]|$)"
)
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Passage:
    """Quoted words: `start`..`end` includes the marks; `inner_*` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def quoted_passages(text: str) -> list[Passage]:
    """Every quoted passage in `text`, in order, closed or not."""
    passages: list[Passage] = []
    open_at: int | None = None
    open_width = 0
    paragraph_end = 0
    for paragraph_start, paragraph_stop in _paragraphs(text):
        if open_at is not None and not _opens_with_mark(text, paragraph_start):
            # The quote left open in the last paragraph is not continued: close it there.
            passages.append(Passage(open_at, paragraph_end, open_at + open_width, paragraph_end))
            open_at = None
        for match in _MARK.finditer(text, paragraph_start, paragraph_stop):
            mark, position = match.group(), match.start()
            if open_at is not None and position == paragraph_start:
                continue  # the mark re-opening a quote continued from the last paragraph
            if _is_opening(text, mark, position, open_at is not None):
                if open_at is None:
                    open_at, open_width = position, len(mark)
            elif open_at is not None:
                passages.append(Passage(open_at, match.end(), open_at + open_width, position))
                open_at = None
        paragraph_end = paragraph_stop
    if open_at is not None:
        passages.append(Passage(open_at, paragraph_end, open_at + open_width, paragraph_end))
    passages.extend(_single_quoted(text, passages))
    passages.sort(key=lambda passage: passage.start)
    return [
        passage for passage in passages if _WORD_CHAR.search(text, passage.inner_start, passage.inner_end)
    ]


def paragraph_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The start and end offsets of the paragraph (line) holding text[start:end]."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", start if end is None else end)
    return paragraph_start, len(text) if paragraph_end == -1 else paragraph_end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _opens_with_mark(text: str, paragraph_start: int) -> bool:
    stripped = text[paragraph_start : paragraph_start + 3].lstrip()
    return bool(stripped) and (stripped[0] in _OPENING + _AMBIGUOUS or stripped[:2] in ("''", "``"))


def _is_opening(text: str, mark: str, position: int, inside: bool) -> bool:
    if mark[0] in _OPENING or mark == "``":
        return True
    if mark[0] in _CLOSING:
        return False
    # A straight mark opens when it follows a space or the start of a paragraph, and closes
    # otherwise; when that is ambiguous (a space on both sides), it does whatever pairs.
    before = text[position - 1] if position > 0 else "\n"
    after = text[position + len(mark)] if position + len(mark) < len(text) else "\n"
    opens_after = before.isspace() or before in "([{\u2014\u2013-/"
    closes_before = after.isspace() or after in ".,;:!?)]}\u2014\u2013-"
    if opens_after != closes_before:
        return opens_after
    if opens_after:  # spaced on both sides: a stray mark opens only where nothing is open
        return not inside
    # Glued on both sides: 'said,"Look' opens, 'trade,"Katie' closes what is open.
    return not inside and before in ",:;"


def _single_quoted(text: str, double: list[Passage]) -> list[Passage]:
    found = []
    for match in _SINGLE_QUOTED.finditer(text):
        start, end = match.start(), match.end()
        if any(passage.start <= start < passage.end for passage in double):
            continue
        found.append(Passage(start, end, start + 1, end - 1))
    return found
