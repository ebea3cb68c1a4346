"""A byline printed as a line of its own near the top of the body ("By Jane Doe and Sam Lee")."""

from __future__ import annotations

import re

from newsbite.clean.blocks import Block

# Bylines follow the masthead directly; a "By ..." line further down is prose.
_SEARCH_BLOCKS = 3
_MAX_WORDS = 12
_BYLINE = re.compile(r"^(?:by|words by|written by|reporting by)\s+(?P<names>[A-Z\u00C0-\u024F].*?)\.?$", re.I)


def take_byline_line(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The names of a "By ..." line among the first body blocks, and the blocks without it."""
    for index, block in enumerate(blocks[:_SEARCH_BLOCKS]):
        match = _BYLINE.match(block.text)
        if match and not block.is_heading and len(block.text.split()) <= _MAX_WORDS:
            return match["names"].strip(), blocks[:index] + blocks[index + 1 :]
    return None, blocks
