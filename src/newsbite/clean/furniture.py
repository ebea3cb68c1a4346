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
    # (a label of its own set off from what it marks: "Sponsored · Fuel your match day with ...";
    # with a colon it may open a story's line: "Advertisement: £95,000", "Promoted: Supt Obi")
    r"|(?:sponsored|advertisement|promoted)\s*[·|]\s*.*"
    # (a poll's question under its label in capitals: "POLL: Who was your man of the match?")
    r"|(?-i:POLL|QUICK POLL)\s*:\s*[^.!]*\?"
    # (a site's disclaimer of what it publishes, not a story's line about one: "Disclaimer: the
    # words that cost Mr Dray his career were in small print, the tribunal heard")
    r"|disclaimer\s*:\s*(?-i:[A-Z])(?!.*\b(?:said|says|heard|told|found)\b).*"
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
    return len(text.split()) <= _MAX_WORDS and bool(
        _FURNITURE.match(text) or _LINK_UNDER_A_LABEL.match(text) or _EMBEDDED_POST.search(text)
    )


# A line a page marks as its own: the line that credits a post embedded from a social network,
# an account's handle and the time it was posted ("Gibraltar Taxi Owners' Guild (@GTOGuild) ·
# 7:12 PM · Mar 4, 2025"). (Lines led by pointers or pictograms were tried and taken back: a
# story's lists, results and timelines are printed so as often as a page's links.)
_EMBEDDED_POST = re.compile(r"\(@\w{2,}\)\s*[·|•]\s*\d{1,2}:\d\d")
# The post's own text above that line ends in its hashtags, after its last sentence.
_HASHTAGS_AT_THE_END = re.compile(r"[.!?]\s+(?:#\w+\s*)+$")


# A link set after its label on one line, the linked headline beginning as headlines do ("Don't
# miss: Singapore's startup funding fell 22%"); "Don't miss - the hearing resumes on March 24" and
# "Also see: the map below" go on with the story's sentence.
_LINK_UNDER_A_LABEL = re.compile(r"(?i:don['’]t miss|also see)\s*[:\-–—]\s*[\"“‘']?[A-Z0-9]")

_BETWEEN_DASHES = re.compile(r"[-–—]+\s*(.+?)\s*[-–—]+")


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """The blocks without page furniture."""
    return [
        block
        for index, block in enumerate(blocks)
        if not is_furniture(block.text)
        and not (
            _HASHTAGS_AT_THE_END.search(block.text)
            and index + 1 < len(blocks)
            and _EMBEDDED_POST.search(blocks[index + 1].text)
        )
    ]
