"""Crossheads: the subheadings inside a story, as AFP writes them ("- 'It's just ruins' -")."""

from __future__ import annotations

import re

from newsbite.clean.blocks import Block
from newsbite.model import Section

_DASHED = re.compile(r"^[-–—]\s*(?P<text>.+?)\s*[-–—]$")
_QUOTE_PAIRS = {"'": "'", '"': '"', "‘": "’", "“": "”", "«": "»"}
# A crosshead is a phrase; a dashed line longer than this is a sentence set off by dashes.
_MAX_WORDS = 12


def crosshead_text(text: str) -> str | None:
    """The heading a dashed crosshead line stands for, without dashes or quotes; None otherwise."""
    match = _DASHED.match(text)
    if not match:
        return None
    heading = match["text"]
    if len(heading.split()) > _MAX_WORDS:
        return None
    closing = _QUOTE_PAIRS.get(heading[:1])
    if closing and heading.endswith(closing) and len(heading) > 2:
        heading = heading[1:-1].strip()
    return heading or None


def mark_crossheads(blocks: list[Block]) -> list[Block]:
    """The blocks with dashed crosshead lines turned into headings."""
    marked = []
    for block in blocks:
        heading = None if block.is_heading else crosshead_text(block.text)
        marked.append(Block(heading, is_heading=True) if heading else block)
    return marked


def sections_from_blocks(blocks: list[Block]) -> list[Section]:
    """Sections in order: an untitled lead section, then one per heading that has paragraphs."""
    sections = [Section(heading=None)]
    for block in blocks:
        if block.is_heading:
            sections.append(Section(heading=block.text))
        else:
            sections[-1].paragraphs.append(block.text)
    return [section for section in sections if section.paragraphs]
