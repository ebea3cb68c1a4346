"""Page furniture that scrapers and extractors leave inside an article body.

Advertising labels, "Read more:" and "Related:" link lines, share and newsletter prompts: short
blocks that are about the page, not the story. Only short blocks are candidates, so a paragraph
that merely mentions these words is never dropped.
"""

from __future__ import annotations

import re

from newsbite.clean.blocks import Block

# Prompts and labels are a few words; link lines carry one headline after the prompt.
_MAX_WORDS = 25
_FURNITURE = re.compile(
    r"^(?:"
    r"advertisement|advertising|sponsored(?: content)?|ad feature"
    r"|story continues below(?: this)?(?: advertisement| ad)?|continue reading(?: below)?"
    r"|scroll (?:down )?to continue(?: with content)?"
    r"|(?:share|share this(?: article| story)?|tweet|email|print|save|comments?)"
    r"|(?:read more|related|see also|more on this(?: story)?|recommended|also read|read next|most read"
    r"|watch|listen|must read)\s*[:|>»\-–—]\s*.*"
    r"|(?:read more|related (?:stories|articles|coverage)|more from .{1,40})"
    r"|(?:previous|next) (?:article|post|story)|leave a (?:reply|comment)|link copied"
    # (a player's and a picture's labels: "Image caption,", "Video duration 01:54", "01:42 - Source: X")
    r"|(?:image|video) (?:caption|source)(?:\s*[,:]\s*[^.]{0,60})?"
    # (and the site's notes and forms: "Comments are moderated.", "Report it to us.")
    r"|comments (?:are|will be) moderated|report it to us|please enter your (?:comment|name)!?"
    r"|(?:\w+ )?letters (?:are|may be|will be) edited for length(?: and clarity)?"
    r"|(?:(?:video|audio) )?duration\s*\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}:\d{2}\s*[-–—]\s*source\s*:.{1,60}"
    r"|your browser does not support\b.{0,80}"
    r"|(?:sign up|subscribe)\b.*\b(?:newsletter|briefing|alerts|updates|inbox)\b.*"
    r"|comments (?:are|have been) (?:closed|open|disabled|turned off)\b(?!.*\b(?:said|says)\b).*"
    r"|(?:photo|picture|image|video|credit|source|audio|galler(?:y|ie))s?\s*:\s*.{1,80}"
    r")[.!:]?$",
    re.I,
)


def is_furniture(text: str) -> bool:
    """True for a short block that belongs to the page, not the story (set between dashes too:
    "- Advertisement -")."""
    dashed = _BETWEEN_DASHES.fullmatch(text)
    text = dashed[1] if dashed else text
    return len(text.split()) <= _MAX_WORDS and bool(_FURNITURE.match(text) or _LINK_UNDER_A_LABEL.match(text))


# A link set after its label on one line, the linked headline beginning as headlines do ("Don't
# miss: Singapore's startup funding fell 22%"); "Don't miss - the hearing resumes on March 24" and
# "Also see: the map below" go on with the story's sentence.
_LINK_UNDER_A_LABEL = re.compile(r"(?i:don['’]t miss|also see)\s*[:\-–—]\s*[\"“‘']?[A-Z0-9]")

_BETWEEN_DASHES = re.compile(r"[-–—]+\s*(.+?)\s*[-–—]+")


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """The blocks without page furniture."""
    return [block for block in blocks if not is_furniture(block.text)]
