"""The syndication footer a republishing site appends: "Originally published as" and its URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbite.clean.blocks import Block

_ORIGINAL_TITLE = re.compile(
    r"^(?:this (?:article|story) was )?originally published (?:as|under the (?:title|headline))"
    r"[:\s]+(?P<title>.+?)\.?$",
    re.I,
)
_ORIGINAL_URL = re.compile(
    r"^(?:original (?:url|article|link|source)|source url|originally published at)\s*:?\s*(?P<url>https?://\S+)$",
    re.I,
)


@dataclass(frozen=True)
class SyndicationFooter:
    """Where a republished article first appeared."""

    original_title: str | None = None
    original_url: str | None = None


def names_the_original(text: str) -> bool:
    """Whether a line is one of the footer's: the original's title or address."""
    return bool(_ORIGINAL_TITLE.match(text) or _ORIGINAL_URL.match(text))


def take_syndication_footer(blocks: list[Block]) -> tuple[SyndicationFooter, list[Block]]:
    """The footer found among the closing blocks, and the blocks without it.

    Only the end of the article is searched: the same words inside the body are left alone.
    """
    title: str | None = None
    url: str | None = None
    kept = list(blocks)
    for index in range(len(kept) - 1, max(len(kept) - _TAIL_BLOCKS, -1), -1):
        text = kept[index].text
        if title is None and (match := _ORIGINAL_TITLE.match(text)):
            title = match["title"].strip()
            del kept[index]
        elif url is None and (match := _ORIGINAL_URL.match(text)):
            url = match["url"].rstrip(").,;")
            del kept[index]
    return SyndicationFooter(title, url), kept


# The footer sits in the last few lines, possibly after a sign-off and a separator or two.
_TAIL_BLOCKS = 6
