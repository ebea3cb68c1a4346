"""Text repair that every document needs: mojibake, line ends, odd spaces, trailing blanks."""

from __future__ import annotations

import functools
import re

import ftfy

# Curly quotes and full-width characters are what the writer typed, so ftfy keeps them; it only
# undoes damage (mojibake, HTML entities left in text, broken line ends).
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
# Every Unicode space separator (NBSP, thin and em spaces...) and tab reads as one plain space.
_ODD_SPACE = re.compile(r"[^\S\n]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """The text with encoding damage undone, LF line ends, single plain spaces, no trailing blanks."""
    if not text.isascii():  # mojibake and odd spaces are always non-ASCII: skip ftfy's cost
        text = ftfy.fix_text(text, _FTFY_CONFIG)
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_ODD_SPACE.sub(" ", line).strip() for line in text.split("\n"))


# A page's blocks reach normalize_line more than once (trafilatura's and readability's copies of
# one paragraph, titles read by both): on the extraction set's pages a third of the calls were new
# text. Lines up to a long paragraph's length are remembered, and an HTML page's are forgotten
# when it is done; at most the cache holds 8,192 lines of 4,000 characters (some 65 MB of ASCII,
# a worst case no page comes near).
_REMEMBERED_LINES = 8192
_REMEMBERED_CHARS = 4000


def normalize_line(text: str) -> str:
    """One block of text normalised and folded onto a single line."""
    if len(text) > _REMEMBERED_CHARS:
        return _folded(text)
    return _remembered_line(text)


def _folded(text: str) -> str:
    return " ".join(normalize_text(text).split())


_remembered_line = functools.lru_cache(maxsize=_REMEMBERED_LINES)(_folded)


def forget_lines() -> None:
    """Empties the lines remembered so far (one page's repeats are what the cache is for)."""
    _remembered_line.cache_clear()
