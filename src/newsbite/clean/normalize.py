"""Text repair that every document needs: mojibake, line ends, odd spaces, trailing blanks."""

from __future__ import annotations

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


def normalize_line(text: str) -> str:
    """One block of text normalised and folded onto a single line."""
    return " ".join(normalize_text(text).split())
